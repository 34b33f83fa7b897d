package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.apply.ApplyContext;
import dev.harden.engine.ChangeFlow.Approval;
import dev.harden.engine.ChangeFlow.Outcome;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.json.JsonReport;
import dev.harden.plan.Plan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * How every command that changes hosts (apply, rollback) presents the engine's change flow:
 * shows the plan, asks for "yes" unless auto-approved, renders the results as text or JSON; the
 * flow itself and the exit status are the engine's ({@link dev.harden.engine.ChangeFlow}).
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

    int run(Engine engine, FleetRun run, dev.harden.engine.Rollout rollout, Function<Plan, ApplyContext> context,
            int parallelism, PrintWriter out, PrintWriter err) {
        Plan plan = run.plan();
        HumanOutput human = Terminal.human(out);
        PlanText text = new PlanText(human);
        if (!json) {
            text.header(verb, plan);
            text.plan(plan);
        }
        Outcome outcome = new dev.harden.engine.ChangeFlow(engine).run(run, context, parallelism,
                autoApprove ? Approval.ALWAYS : p -> confirmed(human, p),
                Terminal.progress(err, progress), rollout);
        if (json) {
            out.println(JsonReport.apply(plan, outcome.results()));
        } else if (outcome.nothingToDo()) {
            human.line(plan.planned().isEmpty() ? "Nothing was changed." : nothing); // failed hosts are not "already there"
        } else if (outcome.cancelled()) {
            human.line("Cancelled; nothing was changed.");
        } else {
            text.applied(outcome.results(), plan);
        }
        out.flush();
        return outcome.status().code();
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
