package dev.harden.cli;

import dev.harden.engine.ExitStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Show what apply would change: reads the desired state at a commit, connects to each host,",
            "gathers facts in one round trip and prints per-host, per-module unified diffs. Changes nothing."},
        footer = {"", "Exit codes: 0 success (with --detailed-exitcode: no changes), 1 error on any host,",
            "2 changes to make (with --detailed-exitcode only)."})
final class PlanCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @ArgGroup(validate = false, heading = SignatureOptions.HEADING)
    SignatureOptions signatures = new SignatureOptions();

    @Option(names = "--detailed-exitcode", description = "Exit 0 when nothing would change, 2 when something would, 1 on errors.")
    boolean detailedExitCode;

    @Option(names = "--json", description = "Print the plan as JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PlanReport.run(spec, fleet, signatures.policy(), json, "plan", "planned", PlanText::plan,
                plan -> ExitStatus.ofPlan(plan, detailedExitCode));
    }
}
