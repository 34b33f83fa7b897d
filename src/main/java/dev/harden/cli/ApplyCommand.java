package dev.harden.cli;

import dev.harden.desired.DesiredState;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.source.TrustPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Plan, ask for confirmation, then change the hosts; or apply a saved plan exactly.",
            "",
            "Each changed file is staged, validated (sshd -t, visudo -c), checked against what the plan saw, backed"
                + " up as a generation in /var/lib/harden and renamed into place; only the affected services are"
                + " reloaded.",
            "",
            "Changes that can cut off access (sshd, sudo, the firewall) are applied commit-confirmed: an on-host"
                + " timer reverts them unless a new SSH session can log in and run sudo afterwards. A failure after"
                + " activation restores the previous files on that host.",
            "",
            "Given a PLAN_FILE (from harden plan --out), apply reads the desired state at the plan's commit and plans"
                + " each host of the plan again. A host where anything differs from the saved plan (a file changed,"
                + " another OpenSSH, firewall backend or operator address) is refused by name with what changed;"
                + " the other hosts are applied without asking, since the saved plan was reviewed."},
        footer = {"", "Exit codes: 0 every host applied or unchanged, 1 an error on any host (a stale host"
                + " included)."})
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Mixin
    SafetyOptions safety;

    @Mixin
    RolloutOptions rollout;

    @ArgGroup(validate = false, heading = SignatureOptions.HEADING)
    SignatureOptions signatures = new SignatureOptions();

    @Option(names = "--auto-approve", description = "Apply without asking (required when stdin is not a terminal).")
    boolean autoApprove;

    @Option(names = "--json", description = "Print the plan and the results as JSON (needs --auto-approve).")
    boolean json;

    @Option(names = "--ignore-hold", description = "Change hosts that are on hold too (see harden status).")
    boolean ignoreHold;

    @Parameters(arity = "0..1", paramLabel = "PLAN_FILE",
            description = "A plan saved by harden plan --out: apply exactly it (see above).")
    Path planFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (planFile != null) {
            return SavedPlanApply.run(this);
        }
        ChangeFlow flow = new ChangeFlow("apply", "Nothing to apply.", "applied", json, autoApprove);
        flow.checkCanConfirm();
        Engine engine = Terminal.engine(spec);
        TrustPolicy trust = signatures.policy();
        DesiredState state = engine.load(fleet.repo, fleet.ref, fleet.workingTree, trust);
        PrintWriter err = spec.commandLine().getErr();
        try (FleetRun run = engine.plan(state, fleet.runOptions(trust), Terminal.progress(err, "planned"))) {
            return flow.run(engine, run, rollout.rollout(), plan -> ignoreHold
                    ? safety.context(plan.commit(), "apply").ignoringHolds() : safety.context(plan.commit(), "apply"),
                    fleet.runOptions().parallelism(),
                    spec.commandLine().getOut(), err);
        }
    }

    /** Who applies: recorded with each generation on the host. */
    static String operator() {
        String user = System.getProperty("user.name", "unknown");
        try {
            return user + "@" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return user;
        }
    }
}
