package dev.harden.transport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads framed host output: one line per section, "@@harden NAME BASE64", as the on-host
 * functions {@code section} and {@code frame} (kinds.sh) print it. Everything a host says sits
 * inside the base64, so it cannot start a section of its own; anything outside a frame is
 * ignored, a section seen twice or undecodable fails the host.
 */
public final class Frames {

    static final String MARK = "@@harden ";

    private Frames() {
    }

    public static Map<String, byte[]> parse(String host, byte[] output) {
        Map<String, byte[]> sections = new HashMap<>();
        for (String line : new String(output, StandardCharsets.US_ASCII).split("\n")) {
            if (!line.startsWith(MARK)) {
                continue;
            }
            String rest = line.substring(MARK.length()).strip();
            int space = rest.indexOf(' ');
            String name = space < 0 ? rest : rest.substring(0, space);
            String data = space < 0 ? "" : rest.substring(space + 1).strip();
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw new HostException(host, host + ": the section " + name + " of its answer is not valid base64;"
                        + " the host answered something harden cannot read");
            }
            if (sections.put(name, bytes) != null) {
                throw new HostException(host, host + ": its answer has the section " + name + " twice");
            }
        }
        return sections;
    }
}
