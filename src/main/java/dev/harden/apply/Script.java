package dev.harden.apply;

import dev.harden.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A protocol step as one shell script: the on-host library (protocol.sh, kinds.sh, the modules'
 * functions), then calls of its functions with every argument quoted by {@link Shell}, and data
 * (file contents, records) as base64 here-documents. Nothing from a host ever goes into a
 * script; paths and values come from the desired state or the plan.
 */
final class Script {

    private static final String END = "HARDEN_BLOB_END";

    private final StringBuilder text;

    Script(String library) {
        this.text = new StringBuilder(library).append('\n');
    }

    /** A call; the script goes on whatever it returns. */
    Script call(List<String> words) {
        text.append(Shell.words(words)).append('\n');
        return this;
    }

    /** A call that ends the script with {@code code} when it fails. */
    Script callOrExit(List<String> words, int code) {
        text.append(Shell.words(words)).append(" || exit ").append(code).append('\n');
        return this;
    }

    /** A call that runs the fixed shell text {@code orElse} when it fails. */
    Script callOr(List<String> words, String orElse) {
        text.append(Shell.words(words)).append(" || ").append(orElse).append('\n');
        return this;
    }

    /**
     * A call that reads {@code data} on its standard input (a base64 here-document); runs the
     * fixed shell text {@code orElse} when it fails.
     */
    Script callWithData(List<String> words, byte[] data, String orElse) {
        text.append(Shell.words(words)).append(" <<'").append(END).append("' || ").append(orElse).append('\n');
        String encoded = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(data);
        if (!encoded.isEmpty()) {
            text.append(encoded).append('\n');
        }
        text.append(END).append('\n');
        return this;
    }

    /** A line of the script's own (fixed text, no data). */
    Script line(String shell) {
        text.append(shell).append('\n');
        return this;
    }

    String text() {
        return text.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
