package dev.harden.module.apparmor;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An AppArmor path glob, as profile attachments use them: {@code *} any characters but '/',
 * {@code **} any characters, {@code ?} one character but '/', {@code [abc]} and {@code [^abc]},
 * {@code {a,b,c}} alternatives (nested). A glob with a variable ({@code @{exec_path}}) cannot be
 * expanded from the file alone and matches nothing. Globs come from files on the host: they are
 * bounded in length and nesting, and a malformed one matches nothing.
 */
final class AttachmentGlob {

    private static final int MAX_LENGTH = 1024;
    private static final int MAX_NESTING = 10;

    private AttachmentGlob() {
    }

    /** The glob as a regular expression over a whole path, or empty when it cannot be one. */
    static Optional<Pattern> compile(String glob) {
        if (glob.length() > MAX_LENGTH || glob.contains("@{")) {
            return Optional.empty();
        }
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        regex.append(".*");
                        i++;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '{' -> {
                    if (++braces > MAX_NESTING) {
                        return Optional.empty();
                    }
                    regex.append("(?:");
                }
                case '}' -> {
                    if (--braces < 0) {
                        return Optional.empty();
                    }
                    regex.append(')');
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        return Optional.empty();
                    }
                    String set = glob.substring(i + 1, end);
                    if (set.isEmpty() || set.equals("^")) {
                        return Optional.empty();
                    }
                    boolean negated = set.startsWith("^");
                    regex.append('[').append(negated ? "^/" : "");
                    for (char s : (negated ? set.substring(1) : set).toCharArray()) {
                        // a backslash before any character but a letter or digit is that character, literally
                        regex.append(s == '-' || Character.isLetterOrDigit(s) ? String.valueOf(s) : "\\" + s);
                    }
                    regex.append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(regex.toString()));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    /** True when {@code path} matches {@code glob}. */
    static boolean matches(String glob, String path) {
        return compile(glob).map(p -> p.matcher(path).matches()).orElse(false);
    }
}
