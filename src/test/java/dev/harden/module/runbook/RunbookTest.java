package dev.harden.module.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.facts.Exemption;
import dev.harden.facts.Facts;
import dev.harden.facts.HostRecords;
import dev.harden.facts.TestFacts;
import dev.harden.module.Inputs;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.module.Modules;
import dev.harden.resource.FileResource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runbook says what the plan makes of the host, from the same input, and nothing that changes by itself. */
class RunbookTest {

    private static final String VARS = "ssh:\n  allow_users: [ops, alice]\n  allow_groups: [admins]\n"
            + "firewall:\n  allow:\n    - { port: 22, proto: tcp, comment: ssh }\n"
            + "    - { port: 443, proto: tcp, from: 10.0.0.0/8 }\n";

    private static RunbookModule module() {
        return (RunbookModule) Modules.builtIn().all().stream().filter(RunbookModule.class::isInstance).findFirst()
                .orElseThrow();
    }

    private static String readme(ModuleInput input) {
        ModuleResult result = module().plan(input);
        return result.resources().stream().filter(FileResource.class::isInstance).map(FileResource.class::cast)
                .filter(f -> f.path().equals(RunbookModule.README)).map(f -> new String(f.content(),
                        StandardCharsets.UTF_8)).findFirst().orElseThrow();
    }

    @Test
    void itListsWhoMayLogInAndWhichPortsAreOpenToWhom() {
        String readme = readme(Inputs.web1(TestFacts.debian12(), VARS));
        assertTrue(readme.startsWith("harden runbook of web1: read this before you change anything here\n"), readme);
        assertTrue(readme.contains("\n  - users allowed (AllowUsers): ops, alice\n"), readme);
        assertTrue(readme.contains("\n  - groups allowed (AllowGroups): admins\n"), readme);
        assertTrue(readme.contains("\n  - keys only: passwords and keyboard-interactive logins are refused\n"), readme);
        assertTrue(readme.contains("\n  - root may not log in: log in as yourself and use sudo\n"), readme);
        assertTrue(readme.contains("\n  - every sudo command is logged to /var/log/sudo.log and syslog"), readme);
        assertTrue(readme.contains("\n  - open: 22/tcp from anywhere (ssh)\n  - open: 443/tcp from 10.0.0.0/8\n"),
                readme);
        assertTrue(readme.contains("\n  - unattended-upgrades installs updates from: security\n"), readme);
        assertTrue(readme.contains("window Mon..Fri 02:00-04:00"), readme);
        assertTrue(readme.contains("\nExceptions in force\n  - none: this host is exactly as the commit above says\n"),
                readme);
        assertTrue(readme.contains("sudo harden-local rollback --to previous"), readme);
        assertTrue(readme.contains("harden except -l web1 --set 'firewall.allow+={port: 8080}' --for 2h"), readme);
        assertEquals(readme, readme(Inputs.web1(TestFacts.debian12(), VARS)), "the same input, the same text");
    }

    @Test
    void anExceptionInForceIsListedWithItsOwnerReasonAndEnd() {
        Instant now = Instant.now();
        Exemption exemption = new Exemption("inc-4711", "alice@laptop", "INC-4711: debug the API", now,
                now.plus(Duration.ofHours(2)), List.of("ssh.password_authentication=true"),
                List.of("ssh.password_authentication"));
        Facts facts = TestFacts.debian12();
        facts = facts.withRecords(new HostRecords(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), List.of(exemption), List.of()));
        String readme = readme(Inputs.web1(facts, "ssh:\n  password_authentication: true\n"));
        assertTrue(readme.contains("\n  - inc-4711: ssh.password_authentication=true until " + exemption.until()
                + " (alice@laptop: INC-4711: debug the API); WEAKENS ACCESS: ssh.password_authentication; it ends by"
                + " itself\n"), readme);
        assertTrue(readme.contains("passwords ARE accepted"), readme);
        String banner = Runbook.banner(Inputs.web1(facts));
        assertTrue(banner.contains("Exception inc-4711 until " + exemption.until()), banner);
    }

    @Test
    void turnedOffTheRunbookIsRemovedRatherThanLeftUntrue() {
        Facts facts = TestFacts.withStates(TestFacts.debian12(), Map.of(ResourceId.file(RunbookModule.README),
                new State.File(0644, "root", "root", "old\n".getBytes(StandardCharsets.UTF_8))));
        ModuleResult result = module().plan(Inputs.web1(facts, "runbook:\n  enabled: false\n  banner: false\n"));
        assertEquals(List.of(FileResource.absent("runbook", RunbookModule.README, List.of(), false)).get(0).path(),
                ((FileResource) result.resources().get(0)).path());
        assertTrue(((FileResource) result.resources().get(0)).absent());
        assertEquals(1, result.resources().size());
    }
}
