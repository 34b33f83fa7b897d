package dev.harden.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads framed host output, as the on-host functions {@code section}, {@code frame} and
 * {@code bundle_end} (kinds.sh) print it: one line per section, "@@harden NAME BASE64", or one line
 * for many, "@@harden-bundle NAME:SIZE,... BASE64", whose decoded bytes are the sections one after
 * the other. Everything a host says sits inside the base64, so it cannot start a section of its
 * own; the index is harden's names and the sizes of the files it wrote, and must add up to the
 * bytes exactly. Anything outside a frame is ignored; a section seen twice, undecodable, or a
 * bundle whose index does not match its bytes fails the host, and so does "@@harden-bundle-full DIR":
 * the host's scratch file system filled up while the sections were written, so some may be cut.
 */
public final class Frames {

    static final String MARK = "@@harden ";
    static final String BUNDLE = "@@harden-bundle ";
    static final String BUNDLE_FULL = "@@harden-bundle-full ";
    private static final Pattern SCRATCH = Pattern.compile("/[A-Za-z0-9/._-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Frames() {
    }

    public static Map<String, byte[]> parse(String host, byte[] output) {
        Map<String, byte[]> sections = new HashMap<>();
        for (String line : new String(output, StandardCharsets.US_ASCII).split("\n")) {
            if (line.startsWith(MARK)) {
                String rest = line.substring(MARK.length()).strip();
                int space = rest.indexOf(' ');
                String name = space < 0 ? rest : rest.substring(0, space);
                put(host, sections, name, decode(host, name, space < 0 ? "" : rest.substring(space + 1).strip()));
            } else if (line.startsWith(BUNDLE)) {
                bundle(host, sections, line.substring(BUNDLE.length()).strip());
            } else if (line.startsWith(BUNDLE_FULL)) {
                String dir = line.substring(BUNDLE_FULL.length()).strip();
                throw new HostException(host, host + ": its file system for scratch files ("
                        + (SCRATCH.matcher(dir).matches() ? dir : "/dev/shm, /run or /tmp") + ") filled up while"
                        + " harden read its facts, so some may be cut; free space there and run again");
            }
        }
        return sections;
    }

    private static void bundle(String host, Map<String, byte[]> sections, String rest) {
        int space = rest.indexOf(' ');
        String index = space < 0 ? rest : rest.substring(0, space);
        byte[] bytes = decode(host, "bundle", space < 0 ? "" : rest.substring(space + 1).strip());
        int at = 0;
        for (String entry : index.isEmpty() ? new String[0] : index.split(",", -1)) {
            int colon = entry.lastIndexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon);
            long size = colon < 0 ? -1 : parseSize(entry.substring(colon + 1));
            if (!NAME.matcher(name).matches() || size < 0 || size > bytes.length - at) {
                throw new HostException(host, host + ": its answer has a bundle whose index does not match its bytes"
                        + " (at " + shortened(entry, 80) + "); the host answered something harden cannot read");
            }
            put(host, sections, name, Arrays.copyOfRange(bytes, at, at + (int) size));
            at += (int) size;
        }
        if (at != bytes.length) {
            throw new HostException(host, host + ": its answer has a bundle with " + (bytes.length - at)
                    + " byte(s) its index does not account for; the host answered something harden cannot read");
        }
    }

    /** Host text in a message: bounded (the CLI escapes what it prints). */
    private static String shortened(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    private static long parseSize(String digits) {
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    private static byte[] decode(String host, String name, String data) {
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new HostException(host, host + ": the section " + shortened(name, 80) + " of its answer is not valid"
                    + " base64; the host answered something harden cannot read");
        }
    }

    private static void put(String host, Map<String, byte[]> sections, String name, byte[] bytes) {
        if (sections.put(name, bytes) != null) {
            throw new HostException(host, host + ": its answer has the section " + shortened(name, 80) + " twice");
        }
    }
}
