package dev.harden.resource;

import java.util.regex.Pattern;

/**
 * The kinds of resources the core can read, change and undo, in the order a change is made on
 * a host: packages first (they bring the files and units the rest refers to), then directories
 * and secrets (staged files need their directories), then files and links, then units. A revert
 * runs the other way round. Each kind reads its state with the on-host function
 * {@code state_KIND} of kinds.sh and prints its precondition fingerprint with {@code fp_KIND}.
 */
public enum Kind {
    PACKAGE("package", "pkg", "[a-z0-9][a-z0-9+.-]{0,99}"),
    DIRECTORY("directory", "dir", Kind.PATH),
    SECRET("secret", "secret", Kind.PATH),
    FILE("file", "file", Kind.PATH),
    LINK("link", "link", Kind.PATH),
    UNIT("unit", "unit", "[A-Za-z0-9@._:-]{1,200}\\.(service|timer|socket|path|target|mount)");

    private static final String PATH = "/[A-Za-z0-9@%+=:,._/-]{1,4000}";

    private final String word;
    private final String function;
    private final Pattern key;

    Kind(String word, String function, String key) {
        this.word = word;
        this.function = function;
        this.key = Pattern.compile(key);
    }

    /** How plans and messages name the kind. */
    public String word() {
        return word;
    }

    /** The suffix of the kind's on-host functions (state_file, fp_file, ...). */
    public String function() {
        return function;
    }

    void checkKey(String candidate) {
        if (!key.matcher(candidate).matches() || candidate.contains("/../") || candidate.endsWith("/..")
                || candidate.contains("/./") || candidate.contains("//")) {
            throw new IllegalArgumentException("not a valid " + word + " name: " + candidate);
        }
    }
}
