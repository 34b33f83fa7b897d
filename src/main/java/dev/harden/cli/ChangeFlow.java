package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.json.JsonReport;
import dev.harden.plan.Plan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * What every command that changes hosts does once its plan exists (apply, rollback): show it,
 * stop when there is nothing to do, ask for "yes" unless auto-approved, apply, render the
 * results as text or JSON, and turn them into an exit code.
 *
 * @param verb      the command as shown in the header ("apply", "rollback --to previous")
 * @param nothing   what to print when nothing would change
 * @param progress  the progress word while applying ("applied", "rolled back")
 */
record ChangeFlow(String verb, String nothing, String progress, boolean json, boolean autoApprove) {

    /** Refuses early when confirmation is needed but cannot be asked for. */
    void checkCanConfirm() {
        if (!autoApprove && (json || !Terminal.interactive())) {
            throw new HardenException("refusing to ask for confirmation: "
                    + (json ? "--json output is for machines" : "stdin is not a terminal")
                    + "; review the plan first and pass --auto-approve");
        }
    }

    int run(Engine engine, FleetRun run, Function<Plan, ApplyContext> context, int parallelism,
            PrintWriter out, PrintWriter err) {
        Plan plan = run.plan();
        HumanOutput human = Terminal.human(out);
        PlanText text = new PlanText(human);
        if (!json) {
            text.header(verb, plan);
            text.plan(plan);
        }
        if (!plan.hasChanges()) {
            if (json) {
                out.println(JsonReport.apply(plan, List.of()));
            } else {
                human.line(plan.planned().isEmpty() ? "Nothing was changed." : nothing); // failed hosts are not "already there"
            }
            out.flush();
            return plan.hasFailures() ? ExitCodes.ERROR : ExitCodes.OK;
        }
        if (!autoApprove && !confirmed(human, plan)) {
            human.line("Cancelled; nothing was changed.");
            return ExitCodes.ERROR;
        }
        List<HostApplyResult> results = engine.apply(run, context.apply(plan), parallelism,
                Terminal.progress(err, progress));
        if (json) {
            out.println(JsonReport.apply(plan, results));
            out.flush();
        } else {
            text.applied(results, plan);
        }
        return plan.hasFailures() || results.stream().anyMatch(HostApplyResult::failed) ? ExitCodes.ERROR : ExitCodes.OK;
    }

    private static boolean confirmed(HumanOutput out, Plan plan) {
        long hosts = plan.planned().stream().filter(p -> p.hasChanges()).count();
        out.print("Make these changes on " + hosts + " host(s)? Only 'yes' is accepted: ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return "yes".equals(answer == null ? null : answer.trim());
        } catch (IOException e) {
            return false;
        }
    }
}
