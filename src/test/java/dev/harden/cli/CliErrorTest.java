package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors are one line on stderr, exit code 1, no stack trace. */
class CliErrorTest {

    @TempDir
    Path temp;

    private Path repo;

    @BeforeEach
    void copy() {
        repo = Cli.exampleRepo(temp.resolve("repo"));
    }

    private static void assertOneLineError(Cli.Result result) {
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("harden: error: "), result.toString());
        assertEquals(1, result.err().strip().lines().count(), "one line: " + result);
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result);
        assertFalse(result.err().contains("Exception"), "no exception name: " + result);
    }

    @Test
    void applyWithoutAutoApproveRefusesWhenStdinIsNoTerminal() throws IOException {
        Cli.Result result = Cli.run("apply", "--working-tree", "--repo", repo.toString());
        assertOneLineError(result);
        assertTrue(result.err().contains("refusing to ask for confirmation"), result.toString());
        assertTrue(result.err().contains("--auto-approve"), result.toString());
        assertFalse(Files.exists(repo.resolve("inventory/images/debian12/etc/sudoers.d/harden")));
    }

    @Test
    void misspelledPolicyKeyNamesFileAndLine() throws IOException {
        Path baseline = repo.resolve("policies/baseline.yaml");
        String text = Files.readString(baseline);
        assertTrue(text.contains("  password_authentication: false"));
        Files.writeString(baseline, text.replace("  password_authentication: false", "  pasword_authentication: false"));
        int line = lineOf(Files.readString(baseline), "pasword_authentication");

        Cli.Result result = Cli.run("plan", "--working-tree", "--repo", repo.toString());
        assertOneLineError(result);
        assertTrue(result.err().contains("policies/baseline.yaml:" + line + ": unknown policy key"
                + " 'ssh.pasword_authentication' (did you mean 'ssh.password_authentication'?)"), result.toString());
        assertEquals("", result.out());
    }

    @Test
    void brokenInventoryYamlNamesTheFile() throws IOException {
        Files.writeString(repo.resolve("inventory/hosts.yaml"), "hosts:\n  web1:\n    address: [10.0.0.1\n");
        Cli.Result result = Cli.run("plan", "--working-tree", "--repo", repo.toString());
        assertOneLineError(result);
        assertTrue(result.err().contains("inventory/hosts.yaml:"), result.toString());
        assertTrue(result.err().contains("invalid YAML"), result.toString());
    }

    @Test
    void notAGitRepositoryWithoutWorkingTree() {
        Cli.Result result = Cli.run("plan", "--repo", repo.toString());
        assertOneLineError(result);
        assertTrue(result.err().contains("is not a Git repository"), result.toString());
    }

    @Test
    void debugShowsTheStackTrace() throws IOException {
        Files.writeString(repo.resolve("inventory/hosts.yaml"), "hosts: [\n");
        Cli.Result result = Cli.run("plan", "--working-tree", "--debug", "--repo", repo.toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("\tat "), result.toString());
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not found");
    }
}
