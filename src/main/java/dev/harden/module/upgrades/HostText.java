package dev.harden.module.upgrades;

import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What a fact snippet printed, read defensively: host output is hostile. Invalid UTF-8 is
 * replaced, the number of lines and their length are bounded, and numbers that do not parse are
 * simply unknown. Nothing here throws on odd input.
 */
final class HostText {

    static final int MAX_LINES = 2000;
    static final int MAX_LINE = 2000;
    private static final Pattern EPOCH = Pattern.compile("[0-9]{1,12}");

    private HostText() {
    }

    /**
     * The output's lines (carriage returns dropped), at most {@value #MAX_LINES} of at most
     * {@value #MAX_LINE} characters.
     */
    static List<String> lines(byte[] output) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(output)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            text = "";
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (lines.size() == MAX_LINES) {
                break;
            }
            String clean = line.replace("\r", "");
            lines.add(clean.length() > MAX_LINE ? clean.substring(0, MAX_LINE) : clean);
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** Seconds since the epoch, or unknown for anything that is not a plain non-negative number. */
    static OptionalLong epoch(String word) {
        String text = word == null ? "" : word.strip();
        return EPOCH.matcher(text).matches() ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
    }

    /**
     * Host text as it may appear in a one-line message: control and invisible formatting
     * characters escaped, at most {@code max} characters.
     */
    static String shown(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > max ? out.append("...").toString() : out.toString();
    }

    /** The first word of {@code text} ("" when none). */
    static String firstWord(String text) {
        String stripped = text.strip();
        int space = stripped.indexOf(' ');
        return space < 0 ? stripped : stripped.substring(0, space);
    }

    /** What follows the first word of {@code text} ("" when nothing). */
    static String rest(String text) {
        String stripped = text.strip();
        int space = stripped.indexOf(' ');
        return space < 0 ? "" : stripped.substring(space + 1).strip();
    }
}
