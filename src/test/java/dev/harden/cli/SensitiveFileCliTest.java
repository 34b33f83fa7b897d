package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harden.apply.ImageRoots;
import dev.harden.desired.TestRepos;
import dev.harden.module.FixedModule;
import dev.harden.module.Modules;
import dev.harden.resource.FileResource;
import dev.harden.resource.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file a module marks sensitive, end to end through main: its bytes are in no plan (text or
 * JSON), apply result, error, --debug output, history, rollback plan or generation record; only
 * in the file itself and in the root-only backups a rollback needs.
 */
class SensitiveFileCliTest {

    private static final String PATH = "/etc/harden-secret.conf";
    /** What no output may contain: the part the two versions share. */
    private static final String SECRET = "SECRET-4f1c9a7e";
    private static final String FIRST = "token = " + SECRET + "-first\n";
    private static final String SECOND = "token = " + SECRET + "-second\n";
    private static final String NOT_SHOWN = "(sensitive: content not shown)";

    @TempDir
    Path temp;

    private Path root;
    private String repo;
    private FixedModule module;
    private Modules modules;
    private final List<Cli.Result> runs = new ArrayList<>();

    @BeforeEach
    void repoAndImage() throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x")); // validators run as nobody
        root = ImageRoots.withShell(temp.resolve("img"));
        Path checkout = temp.resolve("repo");
        Files.createDirectories(checkout.resolve("policies"));
        Files.createDirectories(checkout.resolve("inventory"));
        Files.writeString(checkout.resolve("policies/baseline.yaml"), TestRepos.BUILT_IN_MODULES_OFF);
        Files.writeString(checkout.resolve("inventory/hosts.yaml"), "hosts:\n  vault:\n    transport: local\n"
                + "    root: \"" + root + "\"\n");
        repo = checkout.toString();
        module = new FixedModule("secrets", List.of(secret(FIRST, Optional.empty())));
        modules = FixedModule.withBuiltIn(module);
    }

    private static FileResource secret(String content, Optional<Validator> validator) {
        return new FileResource("secrets", PATH, content.getBytes(StandardCharsets.UTF_8), 0600, "root", "root",
                validator, List.of(), true, false);
    }

    private Cli.Result harden(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--working-tree", "--repo", repo));
        Cli.Result result = Cli.run(modules, all.toArray(String[]::new));
        runs.add(result);
        return result;
    }

    @Test
    void planApplyHistoryAndRollbackNeverShowTheSecret() throws IOException {
        Cli.Result plan = harden("plan");
        assertEquals(0, plan.exitCode(), plan.toString());
        assertTrue(plan.out().contains("  secrets  create " + PATH + " (0600 root:root)\n           " + NOT_SHOWN + "\n"),
                plan.toString());

        JsonNode json = new ObjectMapper().readTree(harden("plan", "--json").out());
        JsonNode change = json.get("hosts").get(0).get("changes").get(0);
        assertTrue(change.get("sensitive").asBoolean(), change.toString());
        assertEquals(NOT_SHOWN + "\n", change.get("diff").asText());

        Cli.Result applied = harden("apply", "--auto-approve", "--debug");
        assertEquals(0, applied.exitCode(), applied.toString());
        assertEquals(FIRST, Files.readString(root.resolve(PATH.substring(1))));

        module.want(List.of(secret(SECOND, Optional.empty())));
        Cli.Result second = harden("plan", "--debug");
        assertTrue(second.out().contains("  secrets  update " + PATH + " (content)\n           " + NOT_SHOWN + "\n"),
                second.toString());
        Cli.Result appliedJson = harden("apply", "--auto-approve", "--json");
        assertEquals(0, appliedJson.exitCode(), appliedJson.toString());
        assertEquals(SECOND, Files.readString(root.resolve(PATH.substring(1))));

        Cli.Result history = harden("history", "--limit", "vault");
        assertEquals(0, history.exitCode(), history.toString());
        assertTrue(history.out().contains("      secrets  update " + PATH + " (content)\n"), history.toString());
        assertEquals(0, harden("history", "--limit", "vault", "--json").exitCode());

        Cli.Result rollbackJson = harden("rollback", "--limit", "vault", "--auto-approve", "--json");
        assertEquals(0, rollbackJson.exitCode(), rollbackJson.toString());
        JsonNode undone = new ObjectMapper().readTree(rollbackJson.out()).get("hosts").get(0).get("changes").get(0);
        assertTrue(undone.get("sensitive").asBoolean(), undone.toString());
        assertEquals(NOT_SHOWN + "\n", undone.get("diff").asText(), "the rollback plan knows the file is sensitive");
        assertEquals(FIRST, Files.readString(root.resolve(PATH.substring(1))));

        Cli.Result rollback = harden("rollback", "--limit", "vault", "--auto-approve", "--debug");
        assertEquals(0, rollback.exitCode(), rollback.toString());
        assertTrue(rollback.out().contains("  secrets  update " + PATH + " (content)\n           " + NOT_SHOWN + "\n"),
                rollback.toString());
        assertEquals(SECOND, Files.readString(root.resolve(PATH.substring(1))));

        assertNoOutputShowsTheSecret();
        assertOnDiskOnlyInTheFileAndItsBackups();
    }

    /** Rolling back the generation that created the file removes it: the removal shows no content either. */
    @Test
    void rollbackOfItsCreationDoesNotShowIt() throws IOException {
        assertEquals(0, harden("apply", "--auto-approve").exitCode());

        Cli.Result rollback = harden("rollback", "--limit", "vault", "--auto-approve");

        assertEquals(0, rollback.exitCode(), rollback.toString());
        assertTrue(rollback.out().contains("  secrets  remove " + PATH + " (it did not exist before)\n           "
                + NOT_SHOWN + "\n"), rollback.toString());
        assertFalse(Files.exists(root.resolve(PATH.substring(1))));
        assertNoOutputShowsTheSecret();
        assertOnDiskOnlyInTheFileAndItsBackups();
    }

    /**
     * A validator may quote the file it rejects (visudo and sshd print the offending line): for a
     * sensitive file harden says the validator failed and withholds what it printed.
     */
    @Test
    void aValidatorThatEchoesTheFileDoesNotShowIt() throws IOException {
        Validator echoing = Validator.of("sh", "-c", "while read -r l; do echo \"rejected: $l\"; done < \"$1\"; exit 1",
                "echo", "{}");
        module.want(List.of(secret(FIRST, Optional.of(echoing))));

        Cli.Result apply = harden("apply", "--auto-approve", "--debug");
        Cli.Result json = harden("apply", "--auto-approve", "--json");

        assertEquals(1, apply.exitCode(), apply.toString());
        assertTrue(apply.out().contains("  error: " + PATH + " is invalid, nothing was changed; " + echoing.display()
                + " failed (its output is withheld: the file is sensitive)\n"), apply.toString());
        JsonNode result = new ObjectMapper().readTree(json.out()).get("results").get(0);
        assertEquals("failed", result.get("status").asText());
        assertTrue(result.get("error").asText().endsWith("(its output is withheld: the file is sensitive)"),
                result.toString());
        assertFalse(Files.exists(root.resolve(PATH.substring(1))));
        assertNoOutputShowsTheSecret();
        assertOnDiskOnlyInTheFileAndItsBackups();
    }

    private void assertNoOutputShowsTheSecret() {
        assertFalse(runs.isEmpty());
        for (Cli.Result run : runs) {
            assertFalse(run.out().contains(SECRET) || run.err().contains(SECRET), "the secret was shown: " + run);
        }
    }

    /** The image's files that hold the secret: the file itself and backups (files/INDEX), nothing else. */
    private void assertOnDiskOnlyInTheFileAndItsBackups() throws IOException {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        List<String> holding = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                        .contains(new String(secret, StandardCharsets.ISO_8859_1))) {
                    holding.add(root.relativize(file).toString());
                }
            }
        }
        for (String path : holding) {
            assertTrue(path.equals(PATH.substring(1)) || path.matches("var/lib/harden/generations/[^/]+/files/\\d+"),
                    "the secret is in " + path + " (all: " + holding + ")");
        }
    }
}
