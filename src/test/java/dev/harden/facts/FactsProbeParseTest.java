package dev.harden.facts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.transport.HostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing the probe's "@@harden SECTION" output. */
class FactsProbeParseTest {

    private static final String CONFIG = "Port 22\nPasswordAuthentication no\n";
    private static final List<String> PATHS = List.of("/etc/ssh/sshd_config", "/etc/sudoers.d/harden");

    private static String output(String effective) {
        return """

                @@harden os
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                ID=debian

                @@harden openssh
                OpenSSH_9.2p1

                @@harden init
                systemd

                @@harden packages
                apt-get

                @@harden ssh-unit
                ssh

                @@harden host-keys
                /etc/ssh/ssh_host_ed25519_key
                /etc/ssh/ssh_host_rsa_key

                @@harden file /etc/ssh/sshd_config
                present 644 root root
                """ + Base64.getEncoder().encodeToString(CONFIG.getBytes(StandardCharsets.UTF_8)) + """

                @@harden file /etc/sudoers.d/harden
                absent

                @@harden sshd-effective
                """ + effective;
    }

    @Test
    void parsesEverySection() {
        Facts facts = FactsProbe.parse("web1", output("""
                port 22
                passwordauthentication no
                allowusers ops
                allowusers deploy@10.0.0.0/8
                LogLevel VERBOSE
                """), "ops", PATHS);
        assertEquals("debian", facts.osId());
        assertEquals("12", facts.osVersion());
        assertEquals("Debian GNU/Linux 12 (bookworm)", facts.osName());
        assertEquals(Optional.of(new OpenSshVersion(9, 2)), facts.openssh());
        assertEquals("systemd", facts.initSystem());
        assertFalse(facts.isImageRoot());
        assertEquals("apt-get", facts.packageManager());
        assertEquals("ssh", facts.sshUnit());
        assertEquals(List.of("/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_rsa_key"), facts.hostKeys());
        assertEquals("ops", facts.loginUser());
        assertEquals("Debian GNU/Linux 12 (bookworm), OpenSSH 9.2", facts.summary());

        FileState.Present config = assertInstanceOf(FileState.Present.class, facts.file("/etc/ssh/sshd_config"));
        assertEquals(0644, config.mode());
        assertEquals("root", config.owner());
        assertEquals("root", config.group());
        assertArrayEquals(CONFIG.getBytes(StandardCharsets.UTF_8), config.content());
        assertInstanceOf(FileState.Absent.class, facts.file("/etc/sudoers.d/harden"));

        assertEquals(List.of("22"), facts.sshdEffective().get("port"));
        assertEquals(List.of("ops", "deploy@10.0.0.0/8"), facts.sshdEffective().get("allowusers"));
        assertEquals(List.of("VERBOSE"), facts.sshdEffective().get("loglevel"));
        assertNull(facts.sshdTestError());
    }

    @Test
    void sshdTestFailureIsKeptAsItsReason() {
        Facts facts = FactsProbe.parse("web1", output("/etc/ssh/sshd_config line 3: Bad configuration option: Foo\n@@error\n"),
                "ops", PATHS);
        assertEquals("/etc/ssh/sshd_config line 3: Bad configuration option: Foo", facts.sshdTestError());
        assertTrue(facts.sshdEffective().isEmpty());
    }

    @Test
    void emptyFileHasNoContent() {
        String out = output("").replace("present 644 root root\n"
                + Base64.getEncoder().encodeToString(CONFIG.getBytes(StandardCharsets.UTF_8)), "present 600 root adm\n");
        FileState.Present config = assertInstanceOf(FileState.Present.class,
                FactsProbe.parse("web1", out, "ops", PATHS).file("/etc/ssh/sshd_config"));
        assertEquals(0, config.content().length);
        assertEquals(0600, config.mode());
        assertEquals("adm", config.group());
    }

    @Test
    void missingOpenSshAndUnknownPathsAreReported() {
        Facts facts = FactsProbe.parse("web1", output("").replace("OpenSSH_9.2p1", ""), "ops", PATHS);
        assertEquals(Optional.empty(), facts.openssh());
        assertEquals("Debian GNU/Linux 12 (bookworm), no OpenSSH server", facts.summary());
        assertThrows(IllegalArgumentException.class, () -> facts.file("/etc/other"));
    }

    @Test
    void symlinkAtManagedPathIsRefused() {
        String out = output("").replace("@@harden file /etc/sudoers.d/harden\nabsent", "@@harden file /etc/sudoers.d/harden\nother");
        HostException e = assertThrows(HostException.class, () -> FactsProbe.parse("web1", out, "ops", PATHS));
        assertEquals("web1", e.host());
        assertTrue(e.getMessage().contains("/etc/sudoers.d/harden is a symlink or not a regular file"), e.getMessage());
    }

    @Test
    void pathTheProbeDidNotReportIsAnError() {
        HostException e = assertThrows(HostException.class,
                () -> FactsProbe.parse("web1", output(""), "ops", List.of("/etc/ssh/sshd_config", "/etc/motd")));
        assertTrue(e.getMessage().contains("did not report /etc/motd"), e.getMessage());
    }

    @Test
    void fingerprintsCoverContentModeAndOwnership() {
        byte[] content = "x\n".getBytes(StandardCharsets.UTF_8);
        FileState.Present a = new FileState.Present(0644, "root", "root", content);
        assertEquals("absent", new FileState.Absent().fingerprint());
        assertTrue(a.fingerprint().endsWith(" 644 root:root"), a.fingerprint());
        assertFalse(a.fingerprint().equals(new FileState.Present(0600, "root", "root", content).fingerprint()));
        assertFalse(a.fingerprint().equals(new FileState.Present(0644, "root", "adm", content).fingerprint()));
        assertFalse(a.fingerprint().equals(new FileState.Present(0644, "root", "root", new byte[0]).fingerprint()));
    }

    @Test
    void networkSectionsGiveTheOperatorConnectionListenersAndFirewalls() {
        String out = output("port 22\n") + """

                @@harden ssh-connection
                172.18.0.1 40022 172.18.0.2 22

                @@harden firewall
                ufw-installed
                firewalld-installed
                firewalld-running
                firewalld-zone public

                @@harden listeners
                tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:(("sshd",pid=45,fd=3))
                tcp   LISTEN 0      128             [::]:22           [::]:*    users:(("sshd",pid=45,fd=4))
                udp   UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:*    users:(("systemd-resolve",pid=9,fd=13))
                tcp   LISTEN 0      5     [::ffff:10.0.0.5]:8080        *:*
                """;
        NetworkFacts network = FactsProbe.parse("web1", out, "ops", PATHS).network();
        assertEquals(Optional.of(new OperatorConnection("172.18.0.1", "172.18.0.2", 22)), network.operator());
        assertEquals(new FirewallFacts(true, false, true, true, "public"), network.firewall());
        assertTrue(network.listenersKnown());
        assertEquals(List.of(new Listener("tcp", "0.0.0.0", 22, "sshd"), new Listener("tcp", "::", 22, "sshd"),
                new Listener("udp", "127.0.0.53", 53, "systemd-resolve"), new Listener("tcp", "10.0.0.5", 8080, "")),
                network.listeners());
        assertTrue(network.listeners().get(2).loopbackOnly());
        assertTrue(network.listeners().get(1).allInterfaces());
    }

    @Test
    void imageRootsHaveNoListenersAndNoConnection() {
        String out = output("port 22\n") + "\n@@harden ssh-connection\n\n@@harden listeners\n@@unknown\n";
        NetworkFacts network = FactsProbe.parse("img", out, "", PATHS).network();
        assertEquals(Optional.empty(), network.operator());
        assertFalse(network.listenersKnown());
    }
}
