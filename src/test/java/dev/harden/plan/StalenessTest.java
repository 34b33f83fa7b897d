package dev.harden.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.facts.HostRecords;
import dev.harden.plan.PlanFile.SavedChange;
import dev.harden.plan.PlanFile.SavedHost;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.State;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A saved host against the host planned again: what makes it stale, and how that reads. */
class StalenessTest {

    private static final Map<String, String> FACTS = Map.of("openssh", "9.2", "operator_address", "10.0.0.5",
            "firewall.backend", "ufw");

    private static Change sshd(String onHost, String desired) {
        FileResource resource = new FileResource("sshd", "/etc/ssh/sshd_config", bytes(desired), 0644, "root",
                "root", Optional.empty(), List.of(), false, true);
        return resource.changeFrom(new State.File(0644, "root", "root", bytes(onHost)), "desired").orElseThrow();
    }

    private static Change ufw() {
        return PackageResource.installed("firewall", "ufw").changeFrom(new State.Absent(), "").orElseThrow();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static HostPlan fresh(Map<String, String> facts, Change... changes) {
        return new HostPlan("web1", "ops@web1:22", "Debian 12", List.of(changes), List.of(), List.of(),
                HostRecords.none(), List.of(), new TreeMap<>(facts));
    }

    private static SavedHost saved(Map<String, String> facts, Change... changes) {
        return new SavedHost("web1", "ops@web1:22", PlanningFacts.fingerprint(facts), new TreeMap<>(facts),
                List.of(changes).stream().map(SavedChange::of).toList(), Optional.empty());
    }

    @Test
    void theSamePlanIsNotStale() {
        assertEquals(Optional.empty(), Staleness.of(saved(FACTS, sshd("old", "new"), ufw()),
                fresh(FACTS, sshd("old", "new"), ufw())));
    }

    @Test
    void aFileChangedOutOfBandNamesItsPathAndBothFingerprintsShortened() {
        String reason = Staleness.of(saved(FACTS, sshd("old", "new")), fresh(FACTS, sshd("edited", "new")))
                .orElseThrow();
        String was = State.sha256(bytes("old")).substring(0, 12);
        String now = State.sha256(bytes("edited")).substring(0, 12);
        assertEquals("web1: stale: /etc/ssh/sshd_config changed since the plan (was " + was + "... 644 root:root, now "
                + now + "... 644 root:root); make a new plan (harden plan --out)", reason);
    }

    @Test
    void changedFactsAreNamedWithTheirValues() {
        Map<String, String> now = new TreeMap<>(FACTS);
        now.put("openssh", "9.6");
        now.put("firewall.backend", "firewalld");
        String reason = Staleness.of(saved(FACTS), fresh(now)).orElseThrow();
        assertEquals("web1: stale: firewall backend ufw -> firewalld; OpenSSH 9.2 -> 9.6; make a new plan"
                + " (harden plan --out)", reason);
    }

    @Test
    void changesMissingOrAddedOrMadeDifferentlyAreStale() {
        assertTrue(Staleness.of(saved(FACTS, ufw()), fresh(FACTS)).orElseThrow()
                .contains("package ufw no longer needs the planned change (install package ufw)"));
        assertTrue(Staleness.of(saved(FACTS), fresh(FACTS, ufw())).orElseThrow()
                .contains("package ufw needs a change the plan does not have (install package ufw)"));
        assertTrue(Staleness.of(saved(FACTS, sshd("old", "new")), fresh(FACTS, sshd("old", "newer"))).orElseThrow()
                .contains("/etc/ssh/sshd_config would now be made differently"
                        + " (update /etc/ssh/sshd_config (content))"));
    }

    @Test
    void atMostFiveDifferencesAreNamed() {
        Map<String, String> now = new TreeMap<>();
        for (int i = 0; i < 8; i++) {
            now.put("fact" + i, "x");
        }
        String reason = Staleness.of(saved(Map.of()), fresh(now)).orElseThrow();
        assertTrue(reason.endsWith("; and 3 more; make a new plan (harden plan --out)"), reason);
    }

    @Test
    void aFingerprintThatDoesNotMatchItsFactsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SavedHost("web1", "t", "sha256:00",
                new TreeMap<>(FACTS), List.of(), Optional.empty()));
        assertEquals(PlanningFacts.fingerprint(FACTS), PlanningFacts.fingerprint(new TreeMap<>(FACTS)),
                "the fingerprint does not depend on the map's order");
    }
}
