package dev.harden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.module.Modules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InventoryParserTest {

    /** The example from the issue. */
    static final String EXAMPLE = """
            hosts:
              web1:
                address: 127.0.0.1
                port: 22001
                user: ops
                identity: ~/.ssh/harden_ed25519
                groups: [web]
            """;

    /** As if policies/groups/web.yaml and db.yaml existed: the issue's example lists [web] without defining it. */
    static final Set<String> POLICY_GROUPS = Set.of("web", "db");

    static Inventory parse(String... pathsAndTexts) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(pathsAndTexts[i], pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new InventoryParser(Modules.builtIn().schema(), POLICY_GROUPS).parse(files, null);
    }

    private static String error(String text) {
        return assertThrows(HardenException.class, () -> parse("inventory/hosts.yaml", text)).getMessage();
    }

    @Test
    void issueExampleParses() {
        HostEntry web1 = parse("inventory/hosts.yaml", EXAMPLE).hosts().get("web1");
        assertEquals(HostEntry.Transport.SSH, web1.transport());
        assertEquals("127.0.0.1", web1.address());
        assertEquals(22001, web1.port());
        assertEquals("ops", web1.user());
        assertEquals("~/.ssh/harden_ed25519", web1.identity());
        assertEquals(List.of("web"), web1.groups());
        assertEquals("ops@127.0.0.1:22001", web1.target());
        assertTrue(web1.vars().values().isEmpty());
    }

    @Test
    void shippedExampleInventoryParses() throws IOException {
        Inventory inventory = parse("inventory/hosts.yaml", Files.readString(Path.of("inventory/hosts.yaml")));
        HostEntry image = inventory.hosts().get("golden-image");
        assertEquals(HostEntry.Transport.LOCAL, image.transport());
        assertEquals("inventory/images/debian12", image.root());
        assertEquals(List.of("web"), image.groups());
        assertEquals(4, inventory.groupVars().get("web").values().get("ssh.max_auth_tries").value());
        assertTrue(inventory.groupVars().containsKey("bastion"));
    }

    @Test
    void defaultsApplyWhereTheHostSaysNothing() {
        Inventory inventory = parse("inventory/hosts.yaml", """
                defaults:
                  user: ops
                  port: 2222
                hosts:
                  a:
                    address: a.example
                  b:
                    address: b.example
                    port: 22
                    user: admin
                """);
        assertEquals("ops@a.example:2222", inventory.hosts().get("a").target());
        assertEquals("admin@b.example:22", inventory.hosts().get("b").target());
        assertNull(inventory.hosts().get("a").identity());
    }

    @Test
    void misspelledHostKeyNamesFileLineAndAllowedKeys() {
        String message = error("hosts:\n  web1:\n    adress: 127.0.0.1\n");
        assertEquals("inventory/hosts.yaml:3: unknown key 'adress' in host 'web1' (allowed: address, groups,"
                + " identity, port, root, ssh_config, transport, user, vars, via)", message);
    }

    @Test
    void missingAddress() {
        String message = error("hosts:\n  web1:\n    port: 22\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:3: host 'web1' needs 'address'"), message);
    }

    @Test
    void portOutOfRange() {
        String message = error("hosts:\n  web1:\n    address: a\n    port: 65536\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:4: host 'web1' port must be an integer from 1 to 65535"),
                message);
    }

    @Test
    void defaultsPortOutOfRange() {
        String message = error("defaults:\n  port: 0\nhosts:\n  web1:\n    address: a\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:2: defaults port must be an integer"), message);
    }

    @Test
    void unknownTopLevelKey() {
        String message = error("host:\n  web1:\n    address: a\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:1: unknown key 'host'"), message);
        assertTrue(message.contains("allowed: defaults, groups, hosts"), message);
    }

    @Test
    void hostDefinedInTwoFiles() {
        String message = assertThrows(HardenException.class, () -> parse(
                "inventory/a.yaml", "hosts:\n  web1:\n    address: 10.0.0.1\n",
                "inventory/b.yaml", "hosts:\n  web1:\n    address: 10.0.0.2\n")).getMessage();
        assertTrue(message.startsWith("inventory/b.yaml: host 'web1' is already defined in inventory/a.yaml"), message);
    }

    @Test
    void hostDefinedTwiceInOneFile() {
        String message = error("hosts:\n  web1:\n    address: 10.0.0.1\n  web1:\n    address: 10.0.0.2\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:4: duplicate key 'web1'"), message);
    }

    @Test
    void badHostName() {
        String message = error("hosts:\n  \"web 1\":\n    address: a\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:2: host name 'web 1'"), message);
    }

    @Test
    void badGroupNameIsReportedAtItsLine() {
        String message = error("# fleet\ngroups:\n  web: {}\n  \"db servers\": {}\nhosts: {}\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:4: group name 'db servers'"), message);
    }

    @Test
    void localTransportNeedsRoot() {
        String message = error("hosts:\n  img:\n    transport: local\n");
        assertTrue(message.contains("host 'img' uses transport local and needs 'root'"), message);
    }

    @Test
    void unknownTransport() {
        String message = error("hosts:\n  img:\n    transport: telnet\n    address: a\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:3: host 'img' transport must be ssh or local"), message);
    }

    @Test
    void hostVarsAreValidatedLikePolicies() {
        String message = error("hosts:\n  web1:\n    address: a\n    vars:\n      ssh:\n        pasword_authentication: no\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:6: unknown policy key 'ssh.pasword_authentication'"),
                message);
        assertTrue(message.contains("did you mean 'ssh.password_authentication'"), message);
    }

    @Test
    void knownHostsTextIsKept() {
        Inventory inventory = new InventoryParser(Modules.builtIn().schema(), POLICY_GROUPS).parse(
                Map.of("inventory/hosts.yaml", EXAMPLE.getBytes(StandardCharsets.UTF_8)),
                "[127.0.0.1]:22001 ssh-ed25519 AAAA\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("[127.0.0.1]:22001 ssh-ed25519 AAAA\n", inventory.knownHosts());
    }

    @Test
    void unknownGroupIsReportedAtTheLineOfItsEntry() {
        String message = error("groups:\n  app: {}\nhosts:\n  web1:\n    address: a\n    groups: [app, wbe]\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:6: host 'web1' lists unknown group 'wbe'"
                + " (did you mean 'web'?)"), message);
    }

    @Test
    void aGroupWithoutVarsCanBeDefinedByItsNameAlone() {
        Inventory inventory = parse("inventory/hosts.yaml", "groups:\n  canary:\nhosts:\n  h: {address: a, groups: [canary]}\n");
        assertEquals(List.of("canary"), inventory.hosts().get("h").groups());
        assertTrue(inventory.groupVars().get("canary").values().isEmpty());
    }
}
