package dev.harden.report;

/**
 * Host data made safe for HTML and XML. First every character that can steer a terminal or
 * reorder what is displayed is shown visibly, as the command line shows it ({@code \x1b},
 * {@code \u202e}); XML 1.0 cannot even carry most control characters, and a bidirectional
 * override would reorder a finding in the browser. Then the markup characters become entities.
 * Line feeds and tabs stay in text (findings' bodies, file summaries); in attributes they are
 * shown visibly too, since an XML parser would turn them into spaces.
 */
final class Markup {

    private Markup() {
    }

    /** Text for an HTML or XML element's content. */
    static String text(String value) {
        return escape(value, false);
    }

    /** Text for a double-quoted HTML or XML attribute value. */
    static String attribute(String value) {
        return escape(value, true);
    }

    private static String escape(String value, boolean attribute) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n' -> out.append(attribute ? "\\n" : "\n");
                case '\t' -> out.append(attribute ? "\\t" : "\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if ((c >= 0x80 && c <= 0x9f) || isBidiControl(c) || c == 0xfffe || c == 0xffff) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\ufffd'); // a lone half of a pair is not a character
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The characters that reorder how the rest of a line is displayed (the "Trojan Source" ones). */
    private static boolean isBidiControl(char c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
