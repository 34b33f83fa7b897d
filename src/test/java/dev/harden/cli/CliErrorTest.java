package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
    void everyErrorInTheDesiredStateIsOneLineThenTheirCount() throws IOException {
        Path baseline = repo.resolve("policies/baseline.yaml");
        Files.writeString(baseline, Files.readString(baseline) + "\nsudoo:\n  enabled: true\n");
        Files.writeString(repo.resolve("policies/groups/db.yaml"), "ssh:\n  prot: 22\n");
        Cli.Result result = Cli.run("plan", "--working-tree", "--repo", repo.toString());
        assertEquals(1, result.exitCode(), result.toString());
        java.util.List<String> lines = result.err().lines().toList();
        assertEquals(3, lines.size(), result.toString());
        assertTrue(lines.get(0).startsWith("harden: error: policies/baseline.yaml:"), result.toString());
        assertTrue(lines.get(1).startsWith("harden: error: policies/groups/db.yaml:2: unknown policy key 'ssh.prot'"),
                result.toString());
        assertEquals("harden: 2 errors", lines.get(2));
        assertEquals("", result.out(), "nothing is planned: " + result);
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

    @Test
    void aliasBombInTheInventoryIsOneLineNamingTheFile() throws IOException {
        StringBuilder text = new StringBuilder("s: &s x\nl0: &l0 [" + "*s, ".repeat(5000) + "x]\n");
        for (int level = 1; level <= 10; level++) {
            text.append("l").append(level).append(": &l").append(level).append(" [*l").append(level - 1)
                    .append(", *l").append(level - 1).append("]\n");
        }
        Files.writeString(repo.resolve("inventory/hosts.yaml"), text);
        Cli.Result result = Cli.run("plan", "--working-tree", "--repo", repo.toString());
        assertOneLineError(result);
        assertTrue(result.err().contains("inventory/hosts.yaml:"), result.toString());
        assertTrue(result.err().contains("YAML has more than 250000 values"), result.toString());
    }

    @Test
    void recursiveAliasInTheInventoryIsOneLineNamingFileAndLine() throws IOException {
        Files.writeString(repo.resolve("inventory/hosts.yaml"), "hosts:\n  web1: &h\n    vars: *h\n");
        Cli.Result result = Cli.run("plan", "--working-tree", "--repo", repo.toString());
        assertOneLineError(result);
        assertTrue(result.err().startsWith("harden: error: inventory/hosts.yaml:2: YAML alias refers to itself"),
                result.toString());
    }

    /** A command that fails with a JVM error, as a runaway input could make any command do. */
    @CommandLine.Command(name = "fail")
    static final class FailingCommand implements Callable<Integer> {
        @CommandLine.Option(names = "--debug")
        boolean debug;

        @CommandLine.Option(names = "--error", required = true)
        String error;

        @Override
        public Integer call() {
            if (error.equals("memory")) {
                throw new OutOfMemoryError("Java heap space");
            }
            if (error.equals("stack")) {
                throw new StackOverflowError();
            }
            throw new IllegalStateException("multi\nline");
        }
    }

    private static Cli.Result runFailing(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        commandLine.addSubcommand("fail", new FailingCommand());
        try {
            int code = commandLine.execute(args);
            return new Cli.Result(code, out.toString(), err.toString());
        } catch (Throwable escaped) { // reported as a failed assertion rather than ending the test JVM
            return new Cli.Result(-1, out.toString(), err + "escaped from execute: " + escaped);
        }
    }

    @Test
    void errorsOfTheJvmAreOneLineToo() {
        Cli.Result memory = runFailing("fail", "--error", "memory");
        assertEquals(1, memory.exitCode(), memory.toString());
        assertEquals(1, memory.err().strip().lines().count(), "one line: " + memory);
        assertTrue(memory.err().startsWith("harden: error: out of memory (Java heap space)"), memory.toString());
        assertFalse(memory.err().contains("\tat "), "no stack trace: " + memory);

        Cli.Result stack = runFailing("fail", "--error", "stack");
        assertEquals(1, stack.exitCode(), stack.toString());
        assertEquals(1, stack.err().strip().lines().count(), "one line: " + stack);
        assertTrue(stack.err().startsWith("harden: internal error: java.lang.StackOverflowError"), stack.toString());

        Cli.Result other = runFailing("fail", "--error", "other");
        assertEquals(1, other.exitCode(), other.toString());
        assertEquals(1, other.err().strip().lines().count(), "one line: " + other);
    }

    @Test
    void debugShowsTheStackTraceOfAnError() {
        Cli.Result result = runFailing("fail", "--debug", "--error", "stack");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("harden: internal error: java.lang.StackOverflowError"), result.toString());
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
