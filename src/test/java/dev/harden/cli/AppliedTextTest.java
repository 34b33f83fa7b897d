package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harden.apply.HostApplyResult;
import dev.harden.apply.HostApplyResult.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every host's result starts with a line naming the host and its outcome, whatever the outcome. */
class AppliedTextTest {

    @Test
    void everyOutcomeNamesItsHost() {
        List<HostApplyResult> results = List.of(
                result("a", Status.APPLIED, null), result("b", Status.UNCHANGED, null),
                result("c", Status.FAILED, "c: locked"), result("d", Status.ROLLED_BACK, "d: reload failed"),
                result("e", Status.REVERT_INCOMPLETE, "e: could not restore /etc/x"),
                result("f", Status.UNKNOWN, "f: connection lost; outcome unknown"));
        StringWriter text = new StringWriter();
        new PlanText(new HumanOutput(new PrintWriter(text), false)).applied(results,
                new dev.harden.plan.Plan("c0ffee", "HEAD", List.of(), List.of()));

        List<String> headers = text.toString().lines().filter(l -> !l.startsWith(" ") && !l.isEmpty()).toList();
        assertEquals(List.of("a applied (generation g-a)", "b unchanged", "c FAILED, nothing changed",
                "d FAILED, rolled back", "e FAILED, REVERT INCOMPLETE (generation g-e)",
                "f OUTCOME UNKNOWN (generation g-f)",
                "Apply: 1 host(s) changed, 1 unchanged, 4 failed. HEAD"), headers, text.toString());
    }

    private static HostApplyResult result(String host, Status status, String error) {
        return new HostApplyResult(host, status, "g-" + host, List.of(), List.of(), List.of(), error);
    }
}
