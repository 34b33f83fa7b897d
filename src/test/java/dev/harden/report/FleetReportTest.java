package dev.harden.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What both reports show: per host and module, compliant, findings, drifted, or the host failed. */
class FleetReportTest {

    private final FleetReport report = Reports.report();

    @Test
    void modulesAreThoseThatTouchHostsInPlanOrderThenOtherLabels() {
        List<String> modules = report.modules();
        assertEquals(List.of("sshd", "sudo", "firewall", "upgrades"), modules.subList(0, 4), "in plan order: " + modules);
        assertEquals("facts", modules.get(modules.size() - 1), "a label no module has comes last: " + modules);
        assertFalse(modules.contains("gitops"), "gitops only holds settings: no column");
    }

    @Test
    void eachModuleHasTheWorstOfItsChangesAndFindings() {
        HostReport web1 = report.hosts().get(1);
        assertEquals("web1", web1.host());
        assertEquals(Status.DRIFTED, web1.status());
        assertEquals(Status.DRIFTED, web1.module("sshd").status());
        assertEquals(List.of("update /etc/ssh/sshd_config (content)"), web1.module("sshd").drifted());
        assertEquals(Status.COMPLIANT, web1.module("sudo").status());
        assertEquals(Status.FINDINGS, web1.module("firewall").status());
        assertEquals(Status.COMPLIANT, web1.module("upgrades").status(), "information is not a finding to act on");
        assertEquals(1, web1.module("upgrades").findings().size());
        assertEquals(Status.FINDINGS, web1.module("facts").status());

        HostReport web2 = report.hosts().get(2);
        assertEquals(Status.COMPLIANT, web2.status());
        assertEquals(report.modules().subList(0, report.modules().size() - 1), web2.modules().stream()
                .map(ModuleReport::module).toList(), "every module that touches it, none with findings elsewhere only");
        assertNull(web2.module("facts"));
    }

    @Test
    void exceptionsInForceAreListedPerHostWithOwnerReasonAndTimeLeft() {
        List<String> exceptions = report.hosts().get(1).exceptions();
        assertEquals(1, exceptions.size(), exceptions.toString());
        assertTrue(exceptions.get(0).startsWith("inc-4711 until 2026-11-22T08:00:01.500Z (1h 0m left; alice@laptop:"
                + " INC-4711: debug the API <script>"), exceptions.get(0));
        assertTrue(exceptions.get(0).endsWith("): firewall.allow+={port: 8080}"), exceptions.get(0));
        assertEquals(List.of(), report.hosts().get(2).exceptions());
    }

    @Test
    void aHostThatCouldNotBeCheckedFailedWithItsMessage() {
        HostReport db1 = report.hosts().get(0);
        assertEquals(Status.FAILED, db1.status());
        assertEquals(List.of(), db1.modules());
        assertEquals("db1: connection refused " + Reports.HOSTILE, db1.error());
    }

    @Test
    void countsPerFleetAndPerModule() {
        assertEquals(1, report.count(Status.FAILED));
        assertEquals(1, report.count(Status.DRIFTED));
        assertEquals(1, report.count(Status.COMPLIANT));
        assertEquals(0, report.count(Status.FINDINGS));
        assertEquals(1, report.count("sshd", Status.DRIFTED));
        assertEquals(1, report.count("sshd", Status.COMPLIANT));
        assertEquals(1, report.count("firewall", Status.FINDINGS));
        assertEquals(0, report.count("facts", Status.COMPLIANT), "hosts without the module are not counted");
    }
}
