package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.desired.DesiredState;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.json.JsonReport;
import dev.harden.plan.Plan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Option(names = "--auto-approve", description = "Apply without asking (required when stdin is not a terminal).")
    boolean autoApprove;

    @Option(names = "--json", description = "Print the plan and the results as JSON (needs --auto-approve).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!autoApprove && (json || !Terminal.interactive())) {
            throw new HardenException("refusing to ask for confirmation: "
                    + (json ? "--json output is for machines" : "stdin is not a terminal")
                    + "; review the plan with 'harden plan' and pass --auto-approve");
        }
        PrintWriter out = spec.commandLine().getOut();
        Engine engine = Terminal.engine();
        DesiredState state = engine.load(fleet.repo, fleet.ref, fleet.workingTree);
        PlanText text = new PlanText(out, Terminal.ansi());
        try (FleetRun run = engine.plan(state, fleet.runOptions(), Terminal.progress(spec.commandLine().getErr(), "planned"))) {
            Plan plan = run.plan();
            if (!json) {
                text.header("apply", plan);
                text.plan(plan);
            }
            if (!plan.hasChanges()) {
                if (json) {
                    out.println(JsonReport.apply(plan, List.of()));
                    out.flush();
                } else {
                    out.println("Nothing to apply.");
                }
                return plan.hasFailures() ? ExitCodes.ERROR : ExitCodes.OK;
            }
            if (!autoApprove && !confirmed(out, plan)) {
                out.println("Apply cancelled; nothing was changed.");
                return ExitCodes.ERROR;
            }
            ApplyContext context = safety.context(plan.commit(), "apply");
            List<HostApplyResult> results = engine.apply(run, context, fleet.runOptions().parallelism(),
                    Terminal.progress(spec.commandLine().getErr(), "applied"));
            if (json) {
                out.println(JsonReport.apply(plan, results));
                out.flush();
            } else {
                text.applied(results, plan);
            }
            boolean failed = plan.hasFailures() || results.stream().anyMatch(HostApplyResult::failed);
            return failed ? ExitCodes.ERROR : ExitCodes.OK;
        }
    }

    static boolean confirmed(PrintWriter out, Plan plan) {
        long hosts = plan.planned().stream().filter(p -> p.hasChanges()).count();
        out.print("Apply these changes to " + hosts + " host(s)? Only 'yes' is accepted: ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return "yes".equals(answer == null ? null : answer.trim());
        } catch (IOException e) {
            return false;
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
