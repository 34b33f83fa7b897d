package dev.harden.cli;

import dev.harden.desired.DesiredState;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.source.TrustPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Plan, show the plan, ask for confirmation, then apply it host by host: each changed file is",
            "staged, validated (sshd -t, visudo -c), checked against what the plan saw, backed up as a",
            "generation in /var/lib/harden, renamed into place; only affected services are reloaded.",
            "Changes that can cut off access (sshd, sudo) are applied commit-confirmed: an on-host timer",
            "reverts them unless a NEW SSH session can log in and run sudo afterwards.",
            "A failure after activation restores the previous files on that host."},
        footer = {"", "Exit codes: 0 every host applied or unchanged, 1 an error on any host."})
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
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
