package dev.harden.cli;

import dev.harden.engine.ExitStatus;
import dev.harden.source.TrustPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Audit hosts without changing them, and report drift.",
            "",
            "Compares what listens where (ss -tulpn) with the firewall policy, runs what each module verifies, and"
                + " tells whether each host still matches the desired state. Findings are reported, not treated as"
                + " errors. Run it on a schedule: configuration drifts."},
        footer = {"", "Exit codes: 0 nothing to report, 2 warnings or drift found, 1 error on any host."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Option(names = "--json", description = "Print the result as JSON (the plan format, findings included).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PlanReport.run(spec, fleet, TrustPolicy.unchecked(), json, "check", "checked", PlanText::check,
                ExitStatus::ofCheck);
    }
}
