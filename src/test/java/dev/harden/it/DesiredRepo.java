package dev.harden.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;

/** A real desired-state Git repository in a temporary folder, committed with JGit. */
final class DesiredRepo {

    private final Path dir;

    DesiredRepo(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir.resolve("inventory"));
        Files.createDirectories(dir.resolve("policies"));
        Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call().close();
    }

    Path dir() {
        return dir;
    }

    DesiredRepo write(String path, String content) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return this;
    }

    /** Commits everything and returns the commit id. */
    String commit(String message) throws Exception {
        try (Git git = Git.open(dir.toFile())) {
            git.add().addFilepattern(".").call();
            git.add().setUpdate(true).addFilepattern(".").call();
            return git.commit().setMessage(message).setAuthor("test", "test@example.org")
                    .setCommitter("test", "test@example.org").setSign(false).call().getName();
        }
    }
}
