package dev.harden.facts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import dev.harden.transport.HostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing the probe's framed output ("@@harden NAME BASE64", one line per section). */
class FactsProbeParseTest {

    private static final String CONFIG = "Port 22\nPasswordAuthentication no\n";
    private static final FactProbe<String> UPPER = new FactProbe<>("test.upper", "echo hi",
            bytes -> new String(bytes, StandardCharsets.UTF_8).strip().toUpperCase());
    private static final ProbeRequest REQUEST = new ProbeRequest(List.of(UPPER),
            List.of(ResourceId.file("/etc/ssh/sshd_config"), ResourceId.file("/etc/sudoers.d/harden"),
                    ResourceId.pkg("ufw"), ResourceId.unit("ufw.service")), "");

    static String frame(String name, String content) {
        return "@@harden " + name + " " + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))
                + "\n";
    }

    private static String output() {
        return frame("core.os", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                + "VERSION_ID=\"12\"\nID=debian\n")
                + frame("core.openssh", "OpenSSH_9.2p1\n")
                + frame("core.init", "systemd\n")
                + frame("core.packages", "apt-get\n")
                + frame("core.connection", "172.18.0.1 40022 172.18.0.2 22")
                + frame("core.listeners", """
                        tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:(("sshd",pid=45,fd=3))
                        tcp   LISTEN 0      128             [::]:22           [::]:*    users:(("sshd",pid=45,fd=4))
                        udp   UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:*    users:(("systemd-resolve",pid=9,fd=13))
                        tcp   LISTEN 0      5     [::ffff:10.0.0.5]:8080        *:*
                        """)
                + frame("core.listeners-known", "yes\n")
                + frame("test.upper", "hello\n")
                + frame("r.0", "present 644 root root " + CONFIG.length() + "\n" + CONFIG)
                + frame("r.1", "absent\n")
                + frame("r.2", "present 0.36.2-1\n")
                + frame("r.3", "present enabled active\n");
    }

    private static Facts parse(String output) {
        return FactsProbe.parse("web1", output.getBytes(StandardCharsets.UTF_8), "ops", REQUEST);
    }

    @Test
    void parsesCoreSectionsModuleFactsAndResourceStates() {
        Facts facts = parse(output());
        assertEquals("debian", facts.osId());
        assertEquals("12", facts.osVersion());
        assertEquals("Debian GNU/Linux 12 (bookworm)", facts.osName());
        assertEquals(Optional.of(new OpenSshVersion(9, 2)), facts.openssh());
        assertEquals("systemd", facts.initSystem());
        assertEquals("apt-get", facts.packageManager());
        assertEquals("ops", facts.loginUser());
        assertEquals("Debian GNU/Linux 12 (bookworm), OpenSSH 9.2", facts.summary());
        assertEquals("HELLO", facts.get(UPPER));
        State.File config = assertInstanceOf(State.File.class, facts.file("/etc/ssh/sshd_config"));
        assertArrayEquals(CONFIG.getBytes(StandardCharsets.UTF_8), config.content());
        assertEquals(0644, config.mode());
        assertInstanceOf(State.Absent.class, facts.file("/etc/sudoers.d/harden"));
        assertEquals(new State.Package("0.36.2-1"), facts.state(ResourceId.pkg("ufw")));
        assertEquals(new State.Unit("enabled", "active"), facts.state(ResourceId.unit("ufw.service")));
    }

    @Test
    void networkGivesTheOperatorConnectionAndListeners() {
        NetworkFacts network = parse(output()).network();
        assertEquals(Optional.of(new OperatorConnection("172.18.0.1", "172.18.0.2", 22)), network.operator());
        assertTrue(network.listenersKnown());
        assertEquals(List.of(new Listener("tcp", "0.0.0.0", 22, "sshd"), new Listener("tcp", "::", 22, "sshd"),
                new Listener("udp", "127.0.0.53", 53, "systemd-resolve"), new Listener("tcp", "10.0.0.5", 8080, "")),
                network.listeners());
        NetworkFacts image = parse(output().replace(frame("core.listeners-known", "yes\n"), "")).network();
        assertFalse(image.listenersKnown());
        assertEquals(List.of(), image.listeners());
    }

    @Test
    void hostOutputCannotForgeASection() {
        // A process named "\n@@harden core.os\n" (ss prints it inside its users:(...) column) used to
        // start a section of its own and hide every later listener from the service audit.
        String hostile = output().replace(frame("core.listeners", ""), "").replaceFirst("@@harden core.listeners [^\\n]*\\n",
                frame("core.listeners", "tcp LISTEN 0 5 0.0.0.0:9999 0.0.0.0:* users:((\"\n@@harden core.os\nID=evil\n\","
                        + "pid=7,fd=3))\ntcp LISTEN 0 5 0.0.0.0:8080 0.0.0.0:* users:((\"python3\",pid=8,fd=3))\n"));
        Facts facts = parse(hostile);
        assertEquals("debian", facts.osId());
        assertTrue(facts.network().listeners().stream().anyMatch(l -> l.port() == 8080),
                "the listener after the hostile name is still seen: " + facts.network().listeners());
    }

    @Test
    void malformedAnswersFailThisHostWithItsName() {
        HostException notBase64 = assertThrows(HostException.class,
                () -> parse(output() + "@@harden junk !!!not-base64!!!\n"));
        assertEquals("web1", notBase64.host());
        assertTrue(notBase64.getMessage().contains("not valid base64"), notBase64.getMessage());

        HostException twice = assertThrows(HostException.class, () -> parse(output() + frame("core.os", "ID=x\n")));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());

        HostException missing = assertThrows(HostException.class, () -> parse(output().replace(frame("r.1", "absent\n"),
                "")));
        assertTrue(missing.getMessage().contains("did not report r.1"), missing.getMessage());

        HostException badState = assertThrows(HostException.class, () -> parse(output().replace(frame("r.1", "absent\n"),
                frame("r.1", "present notamode root root 3\nabc"))));
        assertTrue(badState.getMessage().startsWith("web1: the host's facts are malformed"), badState.getMessage());

        HostException truncated = assertThrows(HostException.class, () -> parse(output().replace(frame("r.1", "absent\n"),
                frame("r.1", "present 644 root root 99\nabc"))));
        assertTrue(truncated.getMessage().contains("read 3 of 99 bytes"), truncated.getMessage());

        FactProbe<String> failing = new FactProbe<>("test.fail", "true", bytes -> {
            throw new IllegalArgumentException("no such thing");
        });
        HostException moduleFact = assertThrows(HostException.class, () -> FactsProbe.parse("web1",
                (output() + frame("test.fail", "x")).getBytes(StandardCharsets.UTF_8), "ops",
                new ProbeRequest(List.of(failing), List.of(), "")));
        assertTrue(moduleFact.getMessage().contains("answer to fact test.fail is malformed (no such thing)"),
                moduleFact.getMessage());
    }

    @Test
    void missingOpenSshAndUnobservedResourcesAreReported() {
        Facts facts = parse(output().replace(frame("core.openssh", "OpenSSH_9.2p1\n"), frame("core.openssh", "")));
        assertEquals(Optional.empty(), facts.openssh());
        assertEquals("Debian GNU/Linux 12 (bookworm), no OpenSSH server", facts.summary());
        assertThrows(IllegalArgumentException.class, () -> facts.file("/etc/other"));
    }

    @Test
    void fingerprintsCoverContentModeAndOwnership() {
        byte[] content = "x\n".getBytes(StandardCharsets.UTF_8);
        State.File a = new State.File(0644, "root", "root", content);
        assertEquals("absent", new State.Absent().fingerprint());
        assertTrue(a.fingerprint().endsWith(" 644 root:root"), a.fingerprint());
        assertFalse(a.fingerprint().equals(new State.File(0600, "root", "root", content).fingerprint()));
        assertFalse(a.fingerprint().equals(new State.File(0644, "root", "adm", content).fingerprint()));
        assertFalse(a.fingerprint().equals(new State.File(0644, "root", "root", new byte[0]).fingerprint()));
    }
}
