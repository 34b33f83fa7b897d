package dev.harden.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** git and ssh-keygen as a developer runs them (signed commits, pushes), for the GitOps tests. */
final class GitCli {

    private GitCli() {
    }

    static String run(Path dir, String... command) throws Exception {
        return run(dir, Map.of(), command);
    }

    static String run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_AUTHOR_NAME", "Alice");
        builder.environment().put("GIT_AUTHOR_EMAIL", "alice@example.org");
        builder.environment().put("GIT_COMMITTER_NAME", "Alice");
        builder.environment().put("GIT_COMMITTER_EMAIL", "alice@example.org");
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
