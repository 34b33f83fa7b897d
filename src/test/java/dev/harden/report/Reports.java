package dev.harden.report;

import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Exemption;
import dev.harden.facts.HostRecords;
import dev.harden.module.Finding;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.resource.State;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A check of three hosts for the report tests: one drifted with findings, one compliant, one unreachable. */
final class Reports {

    /** Host data that must stay data: markup, a CDATA end, a terminal escape, a bidi override, a lone surrogate. */
    static final String HOSTILE = "<script>alert(1)</script> ]]> & \"quoted\" 'single' \u001b[2J \u202eevil \ud800";

    static final Instant AT = Instant.parse("2026-11-22T07:00:01.500Z");

    private Reports() {
    }

    static DesiredState state() {
        return TestRepos.load(Map.of("inventory/hosts.yaml", """
                groups:
                  web: {}
                hosts:
                  web1: {address: 10.0.0.1, groups: [web]}
                  web2: {address: 10.0.0.2, groups: [web]}
                  db1: {address: 10.0.0.3}
                """));
    }

    static Plan plan() {
        FileResource sshd = new FileResource("sshd", "/etc/ssh/sshd_config", "PermitRootLogin no\n".getBytes(
                StandardCharsets.UTF_8), 0644, "root", "root", Optional.empty(), List.of(), false, true);
        Change change = new Change(sshd, new State.File(0644, "root", "root", new byte[0]),
                "update /etc/ssh/sshd_config (content)", "");
        HostPlan web1 = new HostPlan("web1", "ops@10.0.0.1:22", "Debian GNU/Linux 12 (bookworm) " + HOSTILE,
                List.of(change), List.of(Finding.warning("firewall", "listener on 0.0.0.0:6379 " + HOSTILE),
                Finding.info("upgrades", "next reboot window Tue 03:30"), Finding.warning("facts", "clock skew 40 s")),
                List.of(), HostRecords.none().withExemptions(List.of(new Exemption("inc-4711", "alice@laptop",
                "INC-4711: debug the API " + HOSTILE, AT.minusSeconds(600), AT.plusSeconds(3600),
                List.of("firewall.allow+={port: 8080}"), List.of()))));
        HostPlan web2 = new HostPlan("web2", "ops@10.0.0.2:22", "Debian GNU/Linux 13 (trixie), OpenSSH 10.0",
                List.of(), List.of());
        HostFailure db1 = new HostFailure("db1", "ops@10.0.0.3:22", "db1: connection refused " + HOSTILE);
        return new Plan(TestRepos.COMMIT, "commit 0123456789 (main)", List.of(), List.of(db1, web1, web2));
    }

    static FleetReport report() {
        return FleetReport.of(plan(), state(), AT);
    }
}
