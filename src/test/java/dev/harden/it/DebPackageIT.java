package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.Network;

/**
 * The .deb (packaging/build.sh deb: jpackage with a jlink'd runtime) installs on a Debian 12 host
 * that has no Java at all, puts harden on the PATH, names the commit it was built from, and plans
 * that host over SSH (MINA, BouncyCastle and JGit work in the bundled runtime).
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebPackageIT {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    private Network network;
    private TestHost host;
    private Path work;
    private Path deb;

    @BeforeAll
    void buildAndStart() throws Exception {
        work = Files.createTempDirectory("harden-deb-");
        Process build = new ProcessBuilder("bash", "packaging/build.sh", "deb").directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("build.log").toFile()).start();
        assertTrue(build.waitFor(15, TimeUnit.MINUTES), "packaging/build.sh deb took over 15 minutes");
        assertEquals(0, build.exitValue(), Files.readString(work.resolve("build.log")));
        try (Stream<Path> built = Files.list(ROOT.resolve("target/dist"))) {
            deb = built.filter(p -> p.getFileName().toString().matches("harden_.*\\.deb")).findFirst().orElseThrow();
        }
        network = Network.newNetwork();
        host = TestHost.start("debian12-plain", network, "debhost", work);
        host.copy(deb, "/tmp/harden.deb"); // each test installs it: they may run in any order
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {host, network}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @Test
    void installsAndRunsWithItsOwnRuntime() throws Exception {
        assertNotEquals(0, host.execResult("sh", "-c", "command -v java").getExitCode(), "the host has no Java");

        Container.ExecResult install = host.execResult("dpkg", "-i", "/tmp/harden.deb");
        assertEquals(0, install.getExitCode(), install.getStdout() + install.getStderr());
        assertEquals("/opt/harden/bin/harden", host.exec("readlink", "/usr/bin/harden").strip());

        String version = host.exec("harden", "--version").strip();
        System.out.println(version);
        String commit = git("rev-parse", "HEAD");
        assertTrue(version.matches("harden \\S+ \\(commit " + commit + "(, with uncommitted changes)?\\)"), version);
    }

    @Test
    void plansItsOwnHostOverSsh() throws Exception {
        host.exec("dpkg", "-i", "/tmp/harden.deb");
        String pin = host.knownHostsLine("127.0.0.1");
        DesiredRepo repo = new DesiredRepo(work.resolve("repo"))
                .write("inventory/hosts.yaml", "hosts:\n  self:\n    address: 127.0.0.1\n    user: ops\n"
                        + "    identity: /root/operator-key\n")
                .write("inventory/known_hosts", pin + "\n");
        repo.commit("the host itself");
        host.copy(host.identity(), "/root/operator-key");
        host.exec("chmod", "0600", "/root/operator-key");
        host.copy(repo.dir(), "/root/repo");

        Container.ExecResult plan = host.execResult("harden", "plan", "--repo", "/root/repo");
        String out = plan.getStdout() + plan.getStderr();
        System.out.println(out);
        assertTrue(List.of(0, 2).contains(plan.getExitCode()), out);
        assertTrue(out.contains("self  ops@127.0.0.1:22"), out);
        assertTrue(out.contains("/etc/ssh/sshd_config"), out);
    }

    private static String git(String... args) throws Exception {
        Process process = new ProcessBuilder(Stream.concat(Stream.of("git"), Stream.of(args)).toList())
                .directory(ROOT.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        return out;
    }

}
