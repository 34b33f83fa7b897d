package dev.harden.module.apparmor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line that opens a profile in a profile file: {@code profile NAME [ATTACHMENT] [flags=(...)] {}
 * or {@code /ATTACHMENT [flags=(...)] {} (the path is the name then). {@code nested} is a child
 * profile (indented, inside another). Read from file text line by line, without AppArmor's
 * preprocessor: a variable in an attachment ({@code @{exec_path}}) is kept as written.
 *
 * @param file       the profile file's name in /etc/apparmor.d
 * @param name       the profile's name as the kernel lists it (children: only their own name)
 * @param attachment the executable path (a glob) the profile attaches to, empty when it has none
 * @param flags      the flags, lower case (complain, unconfined, attach_disconnected, ...)
 */
record ProfileHeader(String file, String name, Optional<String> attachment, Set<String> flags, boolean nested) {

    /** What the fact probe's grep and {@link #scan} look for: a profile's opening line. */
    private static final Pattern LINE = Pattern.compile("^([ \\t]*)(profile[ \\t]|/|\"/).*\\{[ \\t]*(#.*)?$");
    private static final Pattern FLAGS = Pattern.compile("(?:flags[ \\t]*=[ \\t]*)?\\(([^()]*)\\)[ \\t]*$");
    /** Flags of a profile whose mode harden never switches: a stub that allows everything, or an interactive one. */
    static final Set<String> NEVER_SWITCHED = Set.of("unconfined", "prompt", "default_allow");
    private static final int MAX_LINE = 4096;

    ProfileHeader {
        flags = Set.copyOf(flags);
    }

    /** Every profile header in a file's text (at most {@code max}). */
    static List<ProfileHeader> scan(String file, String text, int max) {
        List<ProfileHeader> headers = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (headers.size() >= max) {
                break;
            }
            parse(file, line).ifPresent(headers::add);
        }
        return headers;
    }

    /** The header on one line, or empty when the line opens no profile (or is malformed). */
    static Optional<ProfileHeader> parse(String file, String line) {
        if (line.length() > MAX_LINE) {
            return Optional.empty();
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        boolean nested = !m.group(1).isEmpty();
        String body = line.strip();
        int hash = commentStart(body);
        if (hash >= 0) {
            body = body.substring(0, hash).strip();
        }
        body = body.substring(0, body.length() - 1).strip(); // the opening {
        Set<String> flags = new LinkedHashSet<>();
        Matcher f = FLAGS.matcher(body);
        if (f.find()) {
            for (String flag : f.group(1).split("[,\\s]+")) {
                if (!flag.isBlank()) {
                    flags.add(flag.strip().toLowerCase(Locale.ROOT));
                }
            }
            body = body.substring(0, f.start()).strip();
        }
        List<String> words = words(body);
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String name;
        Optional<String> attachment = Optional.empty();
        if (words.get(0).equals("profile")) {
            if (words.size() < 2 || words.size() > 3) {
                return Optional.empty();
            }
            name = words.get(1);
            if (words.size() == 3) {
                attachment = Optional.of(words.get(2));
            } else if (name.startsWith("/")) {
                attachment = Optional.of(name);
            }
        } else {
            if (words.size() != 1) {
                return Optional.empty();
            }
            name = words.get(0);
            attachment = Optional.of(name);
        }
        if (name.isEmpty() || attachment.filter(a -> !a.startsWith("/") && !a.startsWith("@{")).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new ProfileHeader(file, name, attachment, flags, nested));
    }

    /** True when the profile's flags forbid harden to switch its mode. */
    boolean neverSwitched() {
        return flags.stream().anyMatch(NEVER_SWITCHED::contains);
    }

    /** Words separated by blanks; a double-quoted word keeps its blanks (and loses its quotes). */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (quoted) {
            return List.of();
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }

    private static int commentStart(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
