package dev.harden.module.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.module.Modules;
import dev.harden.policy.PolicyLayer;
import dev.harden.yaml.YamlParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad rules are refused while the desired state loads, naming the file, line and entry. */
class FirewallPolicyErrorsTest {

    private static String error(String allowEntries) {
        String text = "firewall:\n  allow:\n    - { port: 22 }\n" + allowEntries;
        return assertThrows(HardenException.class, () -> PolicyLayer.parse("group db",
                YamlParser.parse("policies/groups/db.yaml", text.getBytes(StandardCharsets.UTF_8)),
                Modules.builtIn().schema())).getMessage();
    }

    @Test
    void badPortCidrAndProtoNameTheFileLineAndEntry() {
        assertEquals("policies/groups/db.yaml:4: firewall.allow entry 2 (port 70000): port '70000' is outside 1-65535",
                error("    - { port: 70000 }\n"));
        assertEquals("policies/groups/db.yaml:4: firewall.allow entry 2 (port 5432): '10.1.2.0/33' has a prefix"
                + " outside 0..32", error("    - { port: 5432, from: 10.1.2.0/33 }\n"));
        assertEquals("policies/groups/db.yaml:4: firewall.allow entry 2 (port 5432): '10.1.2.5/24' has host bits set;"
                + " did you mean 10.1.2.0/24?", error("    - { port: 5432, from: 10.1.2.5/24 }\n"));
        assertEquals("policies/groups/db.yaml:4: firewall.allow entry 2 (port 5432): 'db.example' is not an IPv4 or"
                + " IPv6 address or network (like 10.1.2.0/24 or fd00::/8)", error("    - { port: 5432, from: db.example }\n"));
        assertEquals("policies/groups/db.yaml:4: firewall.allow entry 2 (port 53): proto 'icmp' is unknown; use tcp or"
                + " udp", error("    - { port: 53, proto: icmp }\n"));
        assertEquals("policies/groups/db.yaml:4: firewall.allow entry 2: unknown key 'prot' (a rule has port, proto,"
                + " from, comment)", error("    - { port: 53, prot: udp }\n"));
        assertEquals("policies/groups/db.yaml:4: firewall.allow entry 2 has no port (like port: 443)",
                error("    - { proto: udp }\n"));
        assertEquals("policies/groups/db.yaml:4: firewall.allow entry 2 (port 9000:80): port '9000:80' is not a port"
                + " (1-65535) or a range like 6000:6010", error("    - { port: \"9000:80\" }\n"));
    }

    @Test
    void internalPortsAreChecked() {
        String text = "firewall:\n  internal: [6379/tcp, 53/icmp]\n";
        String message = assertThrows(HardenException.class, () -> PolicyLayer.parse("baseline",
                YamlParser.parse("policies/baseline.yaml", text.getBytes(StandardCharsets.UTF_8)),
                Modules.builtIn().schema())).getMessage();
        assertEquals("policies/baseline.yaml:2: firewall.internal entry 2: '53/icmp' is not a port like 6379/tcp or"
                + " 53/udp", message);
    }

    @Test
    void commentsThatCannotBeWrittenIntoAnXmlCommentAreRefusedAtTheirLine() {
        // firewalld keeps a rule's comment as an XML comment, which may not contain "--"
        for (String comment : List.of("---", "ssh -- bastion", "a<b", "R&D", "x ]]>", "<!-- y")) {
            String message = error("    - { port: 22, comment: \"" + comment + "\" }\n");
            assertTrue(message.startsWith("policies/groups/db.yaml:4: firewall.allow entry 2 (port 22): comment must be"
                    + " one line of at most 64 characters without"), comment + ": " + message);
        }
    }
}
