package dev.harden.module;

import java.util.Map;

/** The modules' repository files of one desired state, parsed (see {@link RepositoryFile}). */
public record RepositoryFiles(Map<String, Object> parsed) {

    public static final RepositoryFiles NONE = new RepositoryFiles(Map.of());

    public RepositoryFiles {
        parsed = Map.copyOf(parsed);
    }

    /** The parsed file; a module that did not declare it gets an error. */
    @SuppressWarnings("unchecked")
    public <T> T get(RepositoryFile<T> file) {
        Object value = parsed.get(file.path());
        if (value == null) {
            throw new IllegalArgumentException(file.path() + " was not read: declare it in the module's"
                    + " repositoryFiles()");
        }
        return (T) value;
    }
}
