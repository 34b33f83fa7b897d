package dev.harden.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON escapes C0 controls by itself; this also escapes the other characters a terminal may
 * obey or that reorder a line (DEL, the C1 controls U+0080 to U+009F such as the one-character
 * CSI U+009B, and the bidirectional overrides), so {@code --json} on a terminal is as safe as
 * the text output while a consumer still reads back exactly what the host holds.
 */
final class TerminalSafeEscapes extends CharacterEscapes {

    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
        ASCII[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        boolean escaped = (ch >= 0x80 && ch <= 0x9f) || ch == 0x061c || ch == 0x200e || ch == 0x200f
                || (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069);
        return escaped ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
}
