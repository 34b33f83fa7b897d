package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ImageRoots;
import dev.harden.json.PlanFileJson;
import dev.harden.plan.PlanFile;
import dev.harden.plan.PlanFile.SavedChange;
import dev.harden.plan.PlanFile.SavedHost;
import dev.harden.resource.State;
import dev.harden.source.SignedRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * harden plan --out, show and apply PLAN_FILE through main, on a Git repository of two image
 * roots ("one" and "two", copies of the example's Debian 12 image).
 */
class SavedPlanCliTest {

    private static final String SSHD = "etc/ssh/sshd_config";

    @TempDir
    Path temp;

    private SignedRepo repo;
    private Path planFile;

    @BeforeEach
    void repository() throws IOException {
        repo = SignedRepo.create(temp.resolve("saved"));
        ImageRoots.copyTree(Path.of("policies"), repo.work.resolve("policies"));
        for (String host : List.of("one", "two")) {
            ImageRoots.copyTree(Path.of("inventory/images/debian12"), image(host));
        }
        repo.write("inventory/hosts.yaml", """
                hosts:
                  one:
                    transport: local
                    root: inventory/images/one
                  two:
                    transport: local
                    root: inventory/images/two
                """);
        repo.commitUnsigned("two image roots");
        planFile = temp.resolve("plan.json");
    }

    @AfterEach
    void close() throws IOException {
        repo.close();
    }

    private Path image(String host) {
        return repo.work.resolve("inventory/images/" + host);
    }

    private Cli.Result harden(String... args) {
        return Cli.run(args);
    }

    private PlanFile saved() throws IOException {
        return PlanFileJson.read("plan.json", Files.readString(planFile));
    }

    private Cli.Result planOut(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("plan", "--repo", repo.work.toString(), "--out",
                planFile.toString()));
        args.addAll(List.of(more));
        Cli.Result plan = harden(args.toArray(String[]::new));
        assertEquals(0, plan.exitCode(), plan.toString());
        return plan;
    }

    @Test
    void aSavedPlanIsAppliedExactly() throws IOException {
        Cli.Result plan = planOut();
        assertTrue(plan.out().contains("Saved the plan to " + planFile + "; harden apply " + planFile
                + " applies exactly it."), plan.toString());
        PlanFile saved = saved();
        assertEquals(repo.head(), saved.commit());
        assertEquals(repo.work.toAbsolutePath().normalize().toString(), saved.repo());
        assertEquals(List.of("one", "two"), saved.hosts().stream().map(SavedHost::host).toList());

        Cli.Result apply = harden("apply", planFile.toString());
        assertEquals(0, apply.exitCode(), apply.toString());
        assertTrue(apply.out().startsWith("harden apply " + planFile + " of commit " + saved.shortCommit()),
                apply.toString());
        assertTrue(apply.out().contains("one applied (generation "), apply.toString());
        assertTrue(apply.out().contains("two applied (generation "), apply.toString());
        for (SavedHost host : saved.hosts()) {
            assertFilesAsPlanned(host);
        }
        Cli.Result again = harden("plan", "--repo", repo.work.toString(), "--detailed-exitcode");
        assertEquals(0, again.exitCode(), "nothing is left to change: " + again);
    }

    /** Every file the plan changes is on the host as the plan's digest says: sha256, mode, owner. */
    private void assertFilesAsPlanned(SavedHost host) throws IOException {
        List<SavedChange> files = host.changes().stream().filter(c -> c.kind().equals("file")).toList();
        assertFalse(files.isEmpty(), host.toString());
        for (SavedChange change : files) {
            Path file = image(host.host()).resolve(change.key().substring(1));
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            int mode = 0;
            for (var permission : attributes.permissions()) {
                mode |= 1 << (8 - permission.ordinal());
            }
            String owner = System.getProperty("user.name");
            String onHost = new State.File(mode, owner, owner, Files.readAllBytes(file)).fingerprint();
            String planned = change.desiredDigest().replace("root:root", owner + ":" + owner);
            assertEquals(planned.split(" ")[0], onHost.split(" ")[0], change.key() + " has the planned bytes");
            assertEquals(planned.split(" ")[1], onHost.split(" ")[1], change.key() + " has the planned mode");
        }
    }

    @Test
    void aHostChangedAfterThePlanIsRefusedAsStaleAndTheOtherIsApplied() throws IOException {
        planOut();
        Path edited = image("one").resolve(SSHD);
        Files.writeString(edited, "# edited by hand after the plan\n", StandardOpenOption.APPEND);
        byte[] editedBytes = Files.readAllBytes(edited);

        Cli.Result apply = harden("apply", planFile.toString());
        assertEquals(1, apply.exitCode(), apply.toString());
        assertTrue(apply.out().contains("one: stale: /etc/ssh/sshd_config changed since the plan (was "),
                apply.toString());
        assertTrue(apply.out().contains("make a new plan (harden plan --out)"), apply.toString());
        assertTrue(apply.out().contains("two applied (generation "), apply.toString());
        assertArrayEquals(editedBytes, Files.readAllBytes(edited), "the stale host is left as it is");
        assertFalse(Files.exists(image("one").resolve("var/lib/harden")), "nothing was recorded on the stale host");
        assertFilesAsPlanned(saved().host("two").orElseThrow());
        for (String line : apply.out().split("\n")) {
            if (line.contains("stale")) {
                assertFalse(line.contains("edited by hand"), "a stale host's message shows no content: " + line);
            }
        }
    }

    @Test
    void theFileHoldsDigestsOnlyAndShowPrintsIt() throws IOException {
        planOut("--expires", "2h");
        String text = Files.readString(planFile);
        String rendered = new String(Files.readAllBytes(Path.of("inventory/images/debian12/" + SSHD)),
                StandardCharsets.UTF_8);
        assertFalse(text.contains("X11Forwarding"), "no file content, neither the host's nor the desired one");
        assertFalse(rendered.isEmpty());
        PlanFile saved = saved();
        assertTrue(saved.expires().orElseThrow().isAfter(Instant.now().plus(119, ChronoUnit.MINUTES)));
        SavedChange sshd = saved.host("one").orElseThrow().changes().get(0);
        assertEquals("file", sshd.kind());
        assertEquals("/etc/ssh/sshd_config", sshd.key());
        assertTrue(sshd.precondition().matches("[0-9a-f]{64} 644 \\S+:\\S+"), sshd.precondition());
        assertTrue(sshd.desiredDigest().matches("[0-9a-f]{64} 644 root:root"), sshd.desiredDigest());
        assertEquals("9.2", saved.host("one").orElseThrow().factsUsed().get("openssh"));

        Cli.Result show = harden("show", planFile.toString());
        assertEquals(0, show.exitCode(), show.toString());
        assertTrue(show.out().startsWith("harden plan file " + planFile + "\n  commit   " + saved.commit() + " (HEAD)"),
                show.toString());
        assertTrue(show.out().contains("  signed   not verified when planned\n"), show.toString());
        assertTrue(show.out().contains("one  image root inventory/images/one  2 change(s)\n"), show.toString());
        assertTrue(show.out().contains("  facts: firewall backend none, init system image, login user (image root),"
                + " OpenSSH 9.2, operator address none, OS debian 12, package manager unknown, SSH port none\n"),
                show.toString());
        assertTrue(show.out().contains("  sshd     update /etc/ssh/sshd_config (content)\n           precondition "),
                show.toString());
        assertTrue(show.out().endsWith("Plan: 2 host(s) to change (4 change(s)), 0 unchanged, 0 failed.\n"),
                show.toString());

        Cli.Result json = harden("show", planFile.toString(), "--json");
        assertEquals(0, json.exitCode(), json.toString());
        assertEquals(text, json.out(), "show --json prints the file's document");
    }

    @Test
    void theCommitsVerifiedSignatureIsRecorded() throws IOException {
        SignedRepo.SshKey alice = repo.sshKey("alice");
        Path signers = repo.allowedSigners("allowed_signers", alice.allowedSigner("alice@example.org",
                "namespaces=\"git\""));
        String commit = repo.commit(alice, "signed by alice");
        planOut("--verify-signatures", "--allowed-signers", signers.toString());
        PlanFile saved = saved();
        assertEquals(commit, saved.commit());
        assertEquals("alice@example.org", saved.signature().orElseThrow().signer());
        assertTrue(saved.signature().orElseThrow().key().startsWith("SSH ED25519 SHA256:"), saved.toString());
        Cli.Result show = harden("show", planFile.toString());
        assertTrue(show.out().contains("  signed   by alice@example.org (SSH ED25519 SHA256:"), show.toString());
        Cli.Result apply = harden("apply", planFile.toString(), "--verify-signatures", "--allowed-signers",
                signers.toString());
        assertEquals(0, apply.exitCode(), "apply verifies the commit again when asked to: " + apply);
    }

    @Test
    void anExpiredPlanIsRefused() throws IOException {
        planOut("--expires", "1h");
        String past = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String text = Files.readString(planFile);
        text = text.replaceFirst("\"created\" : \"[^\"]+\"", "\"created\" : \"" + past + "\"")
                .replaceFirst("\"expires\" : \"[^\"]+\"", "\"expires\" : \""
                        + Instant.parse(past).plus(1, ChronoUnit.HOURS) + "\"");
        Files.writeString(planFile, text);
        Cli.Result apply = harden("apply", planFile.toString());
        assertEquals(1, apply.exitCode(), apply.toString());
        assertTrue(apply.err().startsWith("harden: error: " + planFile + ": the plan expired at "), apply.toString());
        assertFalse(Files.exists(image("one").resolve("var/lib/harden")), "no host was touched");
    }

    @Test
    void aPlanOfAnotherHardenVersionIsRefused() throws IOException {
        planOut();
        Files.writeString(planFile, Files.readString(planFile).replaceFirst("\"harden_version\" : \"[^\"]+\"",
                "\"harden_version\" : \"0.0.1\""));
        Cli.Result apply = harden("apply", planFile.toString());
        assertEquals(1, apply.exitCode(), apply.toString());
        assertEquals("harden: error: " + planFile + ": the plan was made by harden 0.0.1 and this is harden "
                + Version.number() + "; make the plan again with this version (harden plan --out)\n", apply.err());
    }

    @Test
    void onlyACommitCanBeSaved() {
        Cli.Result plan = harden("plan", "--repo", repo.work.toString(), "--working-tree", "--out",
                planFile.toString());
        assertEquals(1, plan.exitCode(), plan.toString());
        assertTrue(plan.err().startsWith("harden: error: --out: a saved plan is made from a commit"), plan.toString());
        assertFalse(Files.exists(planFile));
    }

    @Test
    void otherJsonIsNotAPlanFile() throws IOException {
        Cli.Result json = harden("plan", "--repo", repo.work.toString(), "--json");
        Files.writeString(planFile, json.out());
        Cli.Result apply = harden("apply", planFile.toString());
        assertEquals(1, apply.exitCode(), apply.toString());
        assertEquals("harden: error: " + planFile + ": not a harden plan file (harden plan --out FILE writes one)\n",
                apply.err());
        Cli.Result missing = harden("show", temp.resolve("nothing.json").toString());
        assertTrue(missing.err().contains("no such plan file"), missing.toString());
    }

    @Test
    void limitNarrowsTheSavedPlansHosts() throws IOException {
        planOut();
        Cli.Result apply = harden("apply", planFile.toString(), "--limit", "two");
        assertEquals(0, apply.exitCode(), apply.toString());
        assertFalse(apply.out().contains("\none "), "host one is not applied: " + apply);
        assertFalse(Files.exists(image("one").resolve("var/lib/harden")));
        Cli.Result unknown = harden("apply", planFile.toString(), "--limit", "three");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().startsWith("harden: error: --limit: host three is not in the saved plan"),
                unknown.toString());
    }
}
