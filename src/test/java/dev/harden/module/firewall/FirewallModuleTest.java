package dev.harden.module.firewall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.facts.Facts;
import dev.harden.facts.Listener;
import dev.harden.facts.NetworkFacts;
import dev.harden.facts.OperatorConnection;
import dev.harden.facts.TestFacts;
import dev.harden.module.Finding;
import dev.harden.module.Inputs;
import dev.harden.module.ModuleResult;
import dev.harden.resource.FileResource;
import dev.harden.resource.State;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirewallModuleTest {

    /** The example policy, plus an IPv6 source and a port range. */
    static final String EXAMPLE = """
            firewall:
              default_incoming: deny
              default_outgoing: allow
              allow:
                - { port: 22, proto: tcp, from: 10.0.0.0/8, comment: "ssh from bastion" }
                - { port: 443, proto: tcp }
                - { port: 5432, proto: tcp, from: 10.1.2.0/24 }
                - { port: 53, proto: udp, from: "fd00::/8" }
                - { port: "6000:6010" }
              limit_ssh: true
            """;
    static final FirewallFacts UFW = new FirewallFacts(true, false, false, false, "");
    static final FirewallFacts FIREWALLD = new FirewallFacts(false, false, true, true, "public");
    private final FirewallModule module = new FirewallModule();

    static Facts host(FirewallFacts firewall, Optional<OperatorConnection> operator, List<Listener> listeners) {
        Facts facts = TestFacts.debian12();
        Map<String, Object> moduleFacts = new java.util.HashMap<>(facts.moduleFacts());
        moduleFacts.put(FirewallFacts.PROBE.name(), firewall);
        return TestFacts.withNetwork(facts.with(moduleFacts, facts.states()), new NetworkFacts(operator, true, listeners));
    }

    static List<FileResource> files(ModuleResult result) {
        return result.resources().stream().filter(FileResource.class::isInstance).map(FileResource.class::cast).toList();
    }

    private ModuleResult plan(Facts facts, String vars) {
        return module.plan(Inputs.web1(facts, vars));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FirewallModuleTest.class.getResourceAsStream("/firewall/ufw-0.36.2/" + name)) {
            return in.readAllBytes();
        }
    }

    private static FileResource file(ModuleResult result, String path) {
        return files(result).stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void ufwRulesFilesAreByteForByteWhatUfwItselfWritesForTheSameRules() throws IOException {
        // user.rules and user6.rules were written by ufw 0.36.2 (Debian 12) for these rules with
        // "ufw limit ... / ufw allow ...": ufw status and the ufw command keep working on our files.
        ModuleResult result = plan(host(UFW, Optional.empty(), List.of()), EXAMPLE);
        assertEquals(new String(resource("user.rules"), StandardCharsets.UTF_8),
                new String(file(result, "/etc/ufw/user.rules").content(), StandardCharsets.UTF_8));
        assertArrayEquals(resource("user6.rules"), file(result, "/etc/ufw/user6.rules").content());
        String defaults = new String(file(result, "/etc/default/ufw").content(), StandardCharsets.UTF_8);
        assertTrue(defaults.contains("\nDEFAULT_INPUT_POLICY=\"DROP\"\n"), defaults);
        assertTrue(defaults.contains("\nDEFAULT_OUTPUT_POLICY=\"ACCEPT\"\n"), defaults);
        assertTrue(new String(file(result, "/etc/ufw/ufw.conf").content(), StandardCharsets.UTF_8)
                .contains("\nENABLED=yes\n"));
        for (FileResource f : files(result)) {
            assertTrue(f.canCutAccess(), f.path() + " is applied under commit-confirmed");
            assertEquals("@ufw", f.reloads().get(0).unit());
        }
        assertEquals("iptables-restore --test {}", file(result, "/etc/ufw/user.rules").validator().orElseThrow().display());
    }

    @Test
    void planShowsRuleLevelChangesAgainstTheHostsCurrentUfwFiles() {
        ModuleResult before = plan(host(UFW, Optional.empty(), List.of()), """
                firewall:
                  default_incoming: allow
                  allow:
                    - { port: 8080 }
                    - { port: 443 }
                """);
        Map<String, State> current = new java.util.HashMap<>();
        files(before).forEach(f -> current.put(f.path(), new State.File(f.mode(), "root", "root", f.content())));
        Facts facts = TestFacts.withFiles(host(UFW, Optional.empty(), List.of()), current);
        ModuleResult after = plan(facts, "firewall:\n  allow:\n    - { port: 443 }\n    - { port: 22, comment: ssh }\n");
        assertEquals(List.of("~ default incoming: allow -> deny", "- allow 8080/tcp from anywhere",
                "+ allow 22/tcp from anywhere  # ssh"), after.changes());
        assertEquals(List.of("~ ufw: inactive -> active", "~ default incoming: deny -> allow",
                "+ allow 8080/tcp from anywhere", "+ allow 443/tcp from anywhere"), before.changes());
    }

    @Test
    void operatorGuardKeepsHardensOwnAddressOpenAndSaysSo() {
        Optional<OperatorConnection> operator = OperatorConnection.parse("172.17.0.1 51234 172.17.0.2 22");
        ModuleResult guarded = plan(host(UFW, operator, List.of()),
                "firewall:\n  allow:\n    - { port: 22, from: 10.0.0.0/8 }\n");
        String rules = new String(file(guarded, "/etc/ufw/user.rules").content(), StandardCharsets.UTF_8);
        assertTrue(rules.contains("### RULES ###\n\n### tuple ### allow tcp 22 0.0.0.0/0 any 172.17.0.1 in comment="),
                "the guard rule comes first: " + rules);
        assertTrue(rules.contains("-A ufw-user-input -p tcp --dport 22 -s 172.17.0.1 -j ACCEPT"), rules);
        assertTrue(guarded.findings().stream().anyMatch(f -> f.severity() == Finding.Severity.WARNING
                && f.message().contains("172.17.0.1 (where harden connects from)")), guarded.findings().toString());

        ModuleResult covered = plan(host(UFW, operator, List.of()), "firewall:\n  allow:\n    - { port: 22, from: 172.16.0.0/12 }\n");
        assertTrue(!new String(file(covered, "/etc/ufw/user.rules").content(), StandardCharsets.UTF_8)
                .contains("172.17.0.1"), "a rule already admits the operator: no extra rule");

        ModuleResult off = plan(host(UFW, operator, List.of()),
                "firewall:\n  operator_guard: false\n  allow:\n    - { port: 22, from: 10.0.0.0/8 }\n");
        assertTrue(!new String(file(off, "/etc/ufw/user.rules").content(), StandardCharsets.UTF_8).contains("172.17"));
    }

    @Test
    void firewalldGetsOneZoneFileWithTheSameRules() {
        ModuleResult result = plan(host(FIREWALLD, Optional.empty(), List.of()), EXAMPLE);
        assertEquals(1, files(result).size());
        FileResource zone = files(result).get(0);
        assertEquals("/etc/firewalld/zones/public.xml", zone.path());
        String xml = new String(zone.content(), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<zone target=\"DROP\">"), xml);
        assertTrue(xml.contains("  <port protocol=\"tcp\" port=\"443\"/>\n"), xml);
        assertTrue(xml.contains("  <port protocol=\"tcp\" port=\"6000-6010\"/>\n"), xml);
        assertTrue(xml.contains("  <rule family=\"ipv4\">\n    <source address=\"10.1.2.0/24\"/>\n"
                + "    <port protocol=\"tcp\" port=\"5432\"/>\n    <accept/>\n  </rule>\n"), xml);
        assertTrue(xml.contains("<rule family=\"ipv6\">\n    <source address=\"fd00::/8\"/>"), xml);
        assertEquals("firewalld-zone check", zone.validator().orElseThrow().display());
        assertEquals(List.of("@firewalld-zone", "/x.harden-new"), zone.validator().orElseThrow().forPath("/x.harden-new"));
        assertTrue(result.changes().contains("- allow service ssh (firewalld's built-in zone)"), result.changes().toString());
        assertTrue(result.changes().contains("+ allow 22/tcp from 10.0.0.0/8  # ssh from bastion"), result.changes().toString());
        assertTrue(result.findings().stream().anyMatch(f -> f.message().contains("limit_ssh is not applied on firewalld")));

        HardenException e = assertThrows(HardenException.class, () -> plan(host(FIREWALLD, Optional.empty(), List.of()),
                "firewall:\n  default_outgoing: deny\n"));
        assertEquals("web1: firewall.default_outgoing: deny is not supported on firewalld; use allow there, or ufw"
                + " (firewall.backend: ufw)", e.getMessage());
    }

    @Test
    void backendFollowsTheHostAndAForcedMissingBackendIsAnError() {
        FirewallFacts both = new FirewallFacts(true, false, true, true, "public");
        assertEquals("/etc/firewalld/zones/public.xml", files(plan(host(both, Optional.empty(), List.of()), ""))
                .get(0).path(), "a running firewalld wins");
        assertEquals(4, files(plan(host(both, Optional.empty(), List.of()), "firewall:\n  backend: ufw\n")).size());
        ModuleResult none = plan(host(FirewallFacts.none(), Optional.empty(), List.of()), "firewall:\n  install: false\n");
        assertEquals(List.of(), none.resources());
        assertTrue(none.findings().get(0).message().startsWith("no host firewall is installed, so nothing filters"
                + " incoming traffic (firewall.install is false)"), none.findings().get(0).message());
        HardenException e = assertThrows(HardenException.class, () -> plan(host(FirewallFacts.none(), Optional.empty(),
                List.of()), "firewall:\n  backend: ufw\n  install: false\n"));
        assertTrue(e.getMessage().startsWith("web1: firewall.backend is ufw but ufw is not installed"), e.getMessage());
        assertEquals(List.of(), files(plan(host(UFW, Optional.empty(), List.of()), "firewall:\n  enabled: false\n")));
    }

    @Test
    void aStockDebianHostGetsUfwInstalledEnabledAndItsRulesAsOneChange() {
        ModuleResult stock = plan(host(FirewallFacts.none(), Optional.empty(), List.of()), "");
        List<String> resources = stock.resources().stream().map(r -> r.id().label()).toList();
        assertEquals(List.of("package ufw", "file /etc/default/ufw", "file /etc/ufw/ufw.conf", "file /etc/ufw/user.rules",
                "file /etc/ufw/user6.rules", "unit ufw.service"), resources, "the package first, the unit last");
        assertTrue(files(stock).stream().allMatch(FileResource::canCutAccess), "activated under commit-confirmed");
        assertTrue(stock.changes().contains("~ ufw: inactive -> active"), stock.changes().toString());
        dev.harden.resource.UnitResource unit = (dev.harden.resource.UnitResource) stock.resources().get(5);
        assertEquals("enabled", unit.enablement(), "ufw loads its rules at boot");
        java.util.function.Function<ModuleResult, List<String>> texts = r -> files(r).stream()
                .map(f -> f.path() + "\n" + new String(f.content(), StandardCharsets.UTF_8)).toList();
        assertEquals(texts.apply(stock), texts.apply(plan(host(UFW, Optional.empty(), List.of()), "")),
                "the same files as on a host that has ufw already");

        Facts rhel = host(FirewallFacts.none(), Optional.empty(), List.of());
        rhel = new Facts("rhel", "9", "Red Hat Enterprise Linux 9", rhel.openssh(), "systemd", "dnf", "ops",
                rhel.network(), rhel.moduleFacts(), rhel.states());
        ModuleResult onRhel = plan(rhel, "");
        assertEquals(List.of("package firewalld", "file /etc/firewalld/zones/public.xml", "unit firewalld.service"),
                onRhel.resources().stream().map(r -> r.id().label()).toList());
        dev.harden.resource.UnitResource firewalld = (dev.harden.resource.UnitResource) onRhel.resources().get(2);
        assertEquals("active", firewalld.activity(), "firewalld must run to load its zone");

        Facts image = new Facts("debian", "12", "Debian 12", rhel.openssh(), "image", "apt-get", "", rhel.network(),
                rhel.moduleFacts(), rhel.states());
        ModuleResult inImage = plan(image, "");
        assertEquals(List.of(), inImage.resources());
        assertTrue(inImage.findings().get(0).message().contains("(packages are not installed into an image root)"),
                inImage.findings().toString());
        assertEquals(List.of(), files(plan(host(UFW, Optional.empty(), List.of()), "firewall:\n  enabled: false\n")));
    }

    @Test
    void serviceAuditReportsUnallowedListenersIdleRulesAndInternalServicesOnAllInterfaces() {
        List<Listener> listening = List.of(
                Listener.parse("tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:((\"sshd\",pid=50,fd=3))"),
                Listener.parse("tcp LISTEN 0 128 [::]:22 [::]:* users:((\"sshd\",pid=50,fd=4))"),
                Listener.parse("tcp LISTEN 0 5 0.0.0.0:8080 0.0.0.0:* users:((\"python3\",pid=77,fd=3))"),
                Listener.parse("tcp LISTEN 0 511 *:6379 *:* users:((\"redis-server\",pid=80,fd=6))"),
                Listener.parse("tcp LISTEN 0 511 127.0.0.1:5432 0.0.0.0:* users:((\"postgres\",pid=90,fd=5))"),
                Listener.parse("udp UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:* users:((\"systemd-resolve\",pid=9,fd=13))"));
        ModuleResult result = plan(host(UFW, Optional.empty(), listening),
                "firewall:\n  allow:\n    - { port: 22 }\n    - { port: 443 }\n  internal: [6379/tcp]\n");
        List<String> audit = result.findings().stream().filter(f -> f.module().equals("audit"))
                .map(f -> f.severity() + " " + f.message()).toList();
        assertEquals(List.of(
                "WARNING 8080/tcp (python3) listens on 0.0.0.0 but no firewall rule allows it, so the firewall blocks"
                        + " it; bind it to 127.0.0.1 if only this host uses it, or add it to firewall.allow",
                "WARNING 6379/tcp (redis-server) is marked internal (firewall.internal) but listens on all"
                        + " interfaces (*); bind it to 127.0.0.1 or a private address",
                "INFO the firewall allows 443/tcp from anywhere but nothing listens there"), audit);

        ModuleResult unfiltered = plan(host(FirewallFacts.none(), Optional.empty(), listening),
                "firewall:\n  install: false\n");
        assertTrue(unfiltered.findings().stream().anyMatch(f -> f.message().equals(
                "8080/tcp (python3) listens on 0.0.0.0 and no host firewall filters it")), unfiltered.findings().toString());
    }

    /** Parses a zone file as strictly as firewalld's expat-based reader: not well-formed is an exception. */
    private static org.w3c.dom.Document parseZone(byte[] xml) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new java.io.ByteArrayInputStream(xml));
    }

    @Test
    void everyAcceptedCommentRendersAWellFormedZoneThatKeepsItExactly() throws Exception {
        for (String comment : List.of("ssh from bastion", "a-b", "trailing-", "-leading", "- spaced - dashes -", "]]",
                "@#$%^*()=+[]{}|;:,.?/~`!", "caf\u00e9 \u2713", "---", "a--b")) {
            String vars = "firewall:\n  allow:\n    - { port: 22, comment: \"" + comment + "\" }\n";
            ModuleResult result;
            try {
                result = plan(host(FIREWALLD, Optional.empty(), List.of()), vars);
            } catch (HardenException refused) { // refused while the policy loads, with its file and line
                assertTrue(refused.getMessage().startsWith("inventory/hosts.yaml:"), refused.getMessage());
                continue;
            }
            byte[] xml = files(result).get(0).content();
            org.w3c.dom.Document zone = parseZone(xml);
            List<String> comments = new java.util.ArrayList<>();
            org.w3c.dom.NodeList children = zone.getDocumentElement().getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i).getNodeType() == org.w3c.dom.Node.COMMENT_NODE) {
                    comments.add(children.item(i).getNodeValue().strip());
                }
            }
            assertEquals(List.of(comment), comments, new String(xml, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRepoZoneTemplateThatRendersBrokenXmlFailsThePlanNotTheHost() {
        dev.harden.module.ModuleInput input = Inputs.web1(host(FIREWALLD, Optional.empty(), List.of()),
                "firewall:\n  allow:\n    - { port: 22, comment: \"ssh-\" }\n");
        String template = "<zone>\n<#list zone.rules as r>\n  <!--${r.comment}-->\n  <port port=\"${r.port}\"/>\n"
                + "</#list>\n</zone>\n";
        dev.harden.template.Templates templates = new dev.harden.template.Templates(
                Map.of("firewalld_zone.ftl", template.getBytes(StandardCharsets.UTF_8)));
        HardenException e = assertThrows(HardenException.class, () -> module.plan(new dev.harden.module.ModuleInput(
                input.hostName(), input.facts(), input.policy(), templates, input.fleet())));
        assertTrue(e.getMessage().startsWith("templates/firewalld_zone.ftl rendered a zone file that is not"
                + " well-formed XML (line 2"), e.getMessage());
    }
}
