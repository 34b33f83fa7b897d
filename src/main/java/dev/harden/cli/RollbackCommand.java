package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.desired.DesiredState;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Restore hosts to an earlier generation recorded on the host itself.",
            "",
            "Every file the undone generations touched gets its previous bytes, mode and owner back (or is removed"
                + " if it did not exist), is validated, and the affected services are reloaded, under the same"
                + " commit-confirmed protection as apply. Only the inventory of the local checkout is needed, not"
                + " the Git server.",
            "",
            "The rollback is recorded as a new generation; plan then shows the difference to Git. The hosts are put"
                + " on hold afterwards (--no-hold skips it): apply and the watcher leave them alone until harden"
                + " release."},
        footer = {"", "Exit codes: 0 every host rolled back (or already there), 1 an error on any host."})
final class RollbackCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Mixin
    SafetyOptions safety;

    @Option(names = "--to", defaultValue = "previous", paramLabel = "previous|GENERATION",
            description = "'previous' undoes the latest confirmed generation; a generation id (see history) restores"
                    + " the host to the state right after it. Default: ${DEFAULT-VALUE}")
    String to;

    @Option(names = "--auto-approve", description = "Roll back without asking (required when stdin is not a terminal).")
    boolean autoApprove;

    @Option(names = "--json", description = "Print the rollback plan and results as JSON (needs --auto-approve).")
    boolean json;

    @Option(names = "--no-hold", description = "Do not put the rolled-back hosts on hold (by default they are, so"
            + " the watcher and apply leave them alone until harden release).")
    boolean noHold;

    @Spec
    CommandSpec spec;

    private dev.harden.apply.ApplyContext context() {
        dev.harden.apply.ApplyContext context = safety.context("rollback-to-" + to, "rollback").ignoringHolds();
        return noHold ? context : context.holdingAfterwards(new dev.harden.facts.Hold(ApplyCommand.operator(),
                "rolled back to " + to + " by harden rollback; harden release lets apply and the watcher converge it",
                java.time.Instant.now(), java.util.Optional.empty()));
    }

    @Override
    public Integer call() {
        if (fleet.limit.isEmpty()) {
            throw new HardenException("rollback needs --limit HOST[,HOST...]: name the hosts to roll back");
        }
        ChangeFlow flow = new ChangeFlow("rollback --to " + to,
                "Nothing to roll back: the files already are as in that generation.", "rolled back", json, autoApprove);
        flow.checkCanConfirm();
        Engine engine = Terminal.engine(spec);
        DesiredState state = engine.load(fleet.repo, fleet.ref, fleet.workingTree);
        PrintWriter err = spec.commandLine().getErr();
        try (FleetRun run = engine.rollback(state, fleet.runOptions(), Terminal.progress(err, "read"), to)) {
            return flow.run(engine, run, dev.harden.engine.Rollout.ALL_AT_ONCE, plan -> context(),
                    fleet.runOptions().parallelism(), spec.commandLine().getOut(), err);
        }
    }
}
