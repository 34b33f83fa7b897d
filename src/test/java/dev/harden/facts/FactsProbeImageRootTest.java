package dev.harden.facts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ImageRoots;
import dev.harden.resource.Kinds;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real probe script (sh, stat, base64) against the example Debian 12 image root. */
class FactsProbeImageRootTest {

    @TempDir
    Path temp;

    @Test
    void gathersFromTheDebian12Image() throws IOException {
        Path root = ImageRoots.DEBIAN12;
        Facts facts = FactsProbe.gather(new ImageRootHost("img", root), "", ProbeRequest.resources(List.of(
                ResourceId.file("/etc/ssh/sshd_config"), ResourceId.file("/etc/sudoers.d/harden"),
                ResourceId.pkg("openssh-server"), ResourceId.pkg("ufw"), ResourceId.directory("/etc/ssh"),
                ResourceId.link("/etc/nothing")), ""));
        assertEquals("debian", facts.osId());
        assertEquals("12", facts.osVersion());
        assertEquals(Optional.of(new OpenSshVersion(9, 2)), facts.openssh());
        assertTrue(facts.isImageRoot());
        State.File config = assertInstanceOf(State.File.class, facts.file("/etc/ssh/sshd_config"));
        assertArrayEquals(Files.readAllBytes(root.resolve("etc/ssh/sshd_config")), config.content());
        assertEquals(0644, config.mode());
        assertInstanceOf(State.Absent.class, facts.file("/etc/sudoers.d/harden"));
        assertInstanceOf(State.Package.class, facts.state(ResourceId.pkg("openssh-server")));
        assertInstanceOf(State.Absent.class, facts.state(ResourceId.pkg("ufw")));
        assertInstanceOf(State.Directory.class, facts.state(ResourceId.directory("/etc/ssh")));
        assertInstanceOf(State.Absent.class, facts.state(ResourceId.link("/etc/nothing")));
        assertTrue(!facts.network().listenersKnown());
    }

    @Test
    void theOnHostFramingKeepsHostileOutputInsideItsSection() throws IOException {
        // the real section function, with real base64, over output that tries to start sections of its own
        Files.createDirectories(temp.resolve("img"));
        String hostile = "a\\n@@harden core.os SUQ9ZXZpbAo=\\n@@harden r.0 YWJzZW50Cg==\\n";
        ExecResult result = new ImageRootHost("img", temp.resolve("img")).run(Command.of("frame", Kinds.SCRIPT
                + "\nsection core.listeners printf '" + hostile + "'\n"));
        var sections = dev.harden.transport.Frames.parse("img", result.stdout());
        assertEquals(List.of("core.listeners"), List.copyOf(sections.keySet()));
        assertEquals("a\n@@harden core.os SUQ9ZXZpbAo=\n@@harden r.0 YWJzZW50Cg==\n",
                new String(sections.get("core.listeners"), StandardCharsets.UTF_8));
    }

    @Test
    void theBundleCarriesEverySectionExactlyAndCutsEachToTheBound() throws IOException {
        Files.createDirectories(temp.resolve("img"));
        String script = Kinds.SCRIPT + """
                HARDEN_MAX_SECTION=16
                bundle_begin
                echo "scratch $_bundle"
                section a printf 'x\\n@@harden b eA==\\n'
                section empty true
                section cut head -c 100 /dev/zero
                section killed head -c 100000 /dev/zero
                bundle_end
                """;
        ExecResult result = new ImageRootHost("img", temp.resolve("img")).run(Command.of("bundle", script));
        String out = new String(result.stdout(), StandardCharsets.UTF_8);
        assertEquals(1, out.lines().filter(l -> l.startsWith("@@harden-bundle a:16,empty:0,cut:16,killed:16 ")).count(),
                out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("@@harden ")), "nothing streamed: " + out);
        var sections = dev.harden.transport.Frames.parse("img", result.stdout());
        assertEquals(java.util.Set.of("a", "empty", "cut", "killed"), sections.keySet());
        assertEquals("x\n@@harden b eA=", new String(sections.get("a"), StandardCharsets.UTF_8), "the first 16 bytes");
        assertArrayEquals(new byte[0], sections.get("empty"));
        assertArrayEquals(new byte[16], sections.get("cut"));
        assertArrayEquals(new byte[16], sections.get("killed"));
        String scratch = out.lines().filter(l -> l.startsWith("scratch ")).findFirst().orElseThrow().substring(8);
        assertTrue(scratch.startsWith("/dev/shm/.harden-probe.") || scratch.startsWith("/run/")
                || scratch.startsWith("/tmp/"), scratch);
        assertTrue(!Files.exists(Path.of(scratch)), "the scratch directory is removed: " + scratch);
    }

    /** The probe killed in the middle (dash, as /bin/sh on Debian): its scratch directory goes with it. */
    @ParameterizedTest
    @ValueSource(strings = {"HUP", "INT", "TERM"})
    void theScratchDirectoryGoesWhenTheProbeIsSignalled(String signal) throws Exception {
        Path scratch = Files.createDirectories(temp.resolve("scratch"));
        String script = Kinds.SCRIPT + "\n_bundle_dirs=" + scratch + "\nbundle_begin\nsection a printf x\n"
                + "[ -n \"$_bundle\" ] && [ -d \"$_bundle\" ] || exit 3\nkill -" + signal + " $$\nsleep 1\n"
                + "section b printf y\nbundle_end\n";
        Process shell = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = shell.waitFor();
        assertEquals(List.of(), leftIn(scratch), "no scratch directory is left after SIG" + signal);
        assertEquals(129, exit, "the trap ended the probe: " + out);
    }

    /** The reader goes away while the bundle is sent (a dropped connection): the directory still goes. */
    @Test
    void theScratchDirectoryGoesWhenTheReaderIsGone() throws Exception {
        Path scratch = Files.createDirectories(temp.resolve("scratch"));
        String script = Kinds.SCRIPT + "\n_bundle_dirs=" + scratch + "\nbundle_begin\n"
                + "[ -n \"$_bundle\" ] || exit 3\nsection a head -c 1000000 /dev/zero\nbundle_end\n";
        Process shell = new ProcessBuilder("/bin/sh", "-c", "/bin/sh -c \"$1\" | head -c 1 > /dev/null",
                "outer", script).redirectErrorStream(true).start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, shell.waitFor(), out);
        assertEquals(List.of(), leftIn(scratch), "no scratch directory is left after SIGPIPE: " + out);
    }

    /** One that a probe killed outright (SIGKILL) left behind goes at a later probe, once it is an hour old. */
    @Test
    void aScratchDirectoryLeftBehindGoesAtALaterProbeOnceItIsAnHourOld() throws Exception {
        Path scratch = Files.createDirectories(temp.resolve("scratch"));
        Path old = Files.createDirectories(scratch.resolve(".harden-probe.OLD123"));
        Files.writeString(old.resolve("core.os"), "ID=debian\n");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.now()
                .minus(java.time.Duration.ofMinutes(61))));
        Path recent = Files.createDirectories(scratch.resolve(".harden-probe.NEW123"));
        Path other = Files.createDirectories(scratch.resolve("not-harden"));
        Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.from(java.time.Instant.now()
                .minus(java.time.Duration.ofDays(2))));
        String script = Kinds.SCRIPT + "\n_bundle_dirs=" + scratch + "\nbundle_begin\nsection a printf x\nbundle_end\n";
        ExecResult result = new ImageRootHost("img", Files.createDirectories(temp.resolve("img")))
                .run(Command.of("bundle", script));
        assertTrue(new String(result.stdout(), StandardCharsets.UTF_8).startsWith("@@harden-bundle a:1 "),
                new String(result.stdout(), StandardCharsets.UTF_8));
        assertEquals(List.of(".harden-probe.NEW123", "not-harden"), leftIn(scratch),
                "the hour-old one went; a recent one (a probe still running) and others stay");
    }

    /**
     * A module's fact snippet may run tools that write files larger than a section (apt fetching
     * packages for a dry run): the bound is on what the snippet prints, not on what its tools write.
     */
    @Test
    void aModuleFactsToolsMayWriteFilesLargerThanASection() throws IOException {
        Path big = temp.resolve("big");
        FactProbe<String> probe = new FactProbe<>("test.big", "head -c 9437184 /dev/zero > '" + big
                + "' && stat -c %s '" + big + "'", bytes -> new String(bytes, StandardCharsets.UTF_8).strip());
        Facts facts = FactsProbe.gather(new ImageRootHost("img", ImageRoots.DEBIAN12), "",
                new ProbeRequest(List.of(probe), List.of(), ""));
        assertEquals("9437184", facts.get(probe), "the tool wrote its 9 MiB");
        assertEquals(9437184, Files.size(big));
    }

    private static List<String> leftIn(Path dir) throws IOException {
        try (var names = Files.list(dir)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void withoutAScratchDirectoryTheSectionsStreamTheSameBytes() throws IOException {
        Files.createDirectories(temp.resolve("img"));
        String script = Kinds.SCRIPT + """
                _bundle_dirs=/nonexistent
                bundle_begin
                section a printf 'x\\n@@harden b eA==\\n'
                section empty true
                bundle_end
                """;
        ExecResult result = new ImageRootHost("img", temp.resolve("img")).run(Command.of("stream", script));
        String out = new String(result.stdout(), StandardCharsets.UTF_8);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("@@harden-bundle")), out);
        var sections = dev.harden.transport.Frames.parse("img", result.stdout());
        assertEquals(java.util.Set.of("a", "empty"), sections.keySet());
        assertEquals("x\n@@harden b eA==\n", new String(sections.get("a"), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[0], sections.get("empty"));
    }

    @Test
    void readingAheadGivesTheSameStatesAsReadingEachResource() {
        List<ResourceId> ids = List.of(ResourceId.file("/etc/ssh/sshd_config"), ResourceId.file("/etc/sudoers.d/harden"),
                ResourceId.file("/etc/ssh"), ResourceId.directory("/etc/ssh"), ResourceId.directory("/etc"),
                ResourceId.directory("/etc/ssh/sshd_config"), ResourceId.directory("/nonexistent"),
                ResourceId.pkg("openssh-server"), ResourceId.pkg("sudo"), ResourceId.pkg("ufw"),
                ResourceId.link("/etc/nothing"));
        ProbeRequest request = ProbeRequest.resources(ids, "");
        ImageRootHost host = new ImageRootHost("img", ImageRoots.DEBIAN12);
        String script = FactsProbe.script(request);
        assertTrue(script.contains("prefetch_stats") && script.contains("prefetch_pkgs"), script);
        Facts ahead = FactsProbe.parse("img", host.run(new Command("probe", script, List.of(""), null)).stdout(), "",
                request);
        Facts each = FactsProbe.parse("img", host.run(new Command("probe", "_bundle_dirs=/nonexistent\n" + script,
                List.of(""), null)).stdout(), "", request);
        for (ResourceId id : ids) {
            assertEquals(each.state(id).fingerprint(), ahead.state(id).fingerprint(), id.label());
        }
        assertInstanceOf(State.File.class, ahead.state(ids.get(0)));
        assertInstanceOf(State.Other.class, ahead.state(ids.get(2)));
        assertInstanceOf(State.Directory.class, ahead.state(ids.get(4)));
        assertInstanceOf(State.Package.class, ahead.state(ResourceId.pkg("openssh-server")));
        assertInstanceOf(State.Absent.class, ahead.state(ResourceId.pkg("ufw")));
    }

    @Test
    void theLatestConfirmedApplyIsTheNewestCompleteApplyGeneration() throws IOException {
        Path root = temp.resolve("img");
        String older = "a".repeat(40);
        String newer = "b".repeat(40);
        generation(root, "20261101T000000000Z-aaaaaaaa", "kind=apply\ncommit=" + older + "\nstatus=activating\nstatus=complete\n");
        generation(root, "20261102T000000000Z-bbbbbbbb", "kind=apply\ncommit=" + newer + "\nstatus=complete");
        generation(root, "20261103T000000000Z-cccccccc", "kind=rollback\ncommit=" + older + "\nstatus=complete\n");
        generation(root, "20261104T000000000Z-dddddddd", "kind=apply\ncommit=" + older + "\nstatus=activating\n");
        Facts facts = FactsProbe.gather(new ImageRootHost("img", root), "", ProbeRequest.resources(List.of(), ""));
        assertEquals(Optional.of("20261102T000000000Z-bbbbbbbb"), facts.records().appliedGeneration());
        assertEquals(Optional.of(newer), facts.records().appliedCommit());
    }

    private static void generation(Path root, String id, String meta) throws IOException {
        Path dir = Files.createDirectories(root.resolve("var/lib/harden/generations").resolve(id));
        Files.writeString(dir.resolve("meta"), meta);
    }

    @Test
    void openSshsVersionComesFromItsAnnouncementWhenOpenSshAnswered() {
        ProbeRequest request = ProbeRequest.resources(List.of(), "");
        Facts announced = FactsProbe.gather(announcing("SSH-2.0-OpenSSH_10.0p2 Debian-7"), "", request);
        assertEquals(Optional.of(new OpenSshVersion(10, 0)), announced.openssh(), "the image itself has 9.2");
        Facts other = FactsProbe.gather(announcing("SSH-2.0-dropbear_2022.83"), "", request);
        assertEquals(Optional.of(new OpenSshVersion(9, 2)), other.openssh(), "asked on the host when not OpenSSH");
        assertTrue(FactsProbe.script(request, false).contains("openssh_announced=yes"));
        assertTrue(!FactsProbe.script(request, true).contains("openssh_announced=yes"));
    }

    private static dev.harden.transport.Host announcing(String banner) {
        return new dev.harden.transport.ForwardingHost(new ImageRootHost("img", ImageRoots.DEBIAN12)) {
            @Override
            public Optional<String> sshServerVersion() {
                return Optional.of(banner);
            }
        };
    }
}
