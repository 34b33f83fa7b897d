package dev.harden.cli;

import dev.harden.json.PlanFileJson;
import dev.harden.plan.PlanFile;
import dev.harden.plan.PlanFile.SavedChange;
import dev.harden.plan.PlanFile.SavedHost;
import dev.harden.plan.PlanningFacts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "show", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Print a saved plan: what it was made from, and per host its facts and changes.",
            "",
            "A saved plan holds no file content, so it shows each change's summary, the state the host must still"
                + " be in (its precondition) and the digest of what the change makes. No host is contacted."},
        footer = {"", "Exit codes: 0 the plan was shown, 1 the file is not a readable plan file."})
final class ShowCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PLAN_FILE", description = "A plan saved by harden plan --out.")
    Path file;

    @Option(names = "--json", description = "Print the plan file's JSON (schemas/planfile.schema.json).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PlanFile plan = SavedPlanApply.read(file);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(PlanFileJson.write(plan));
            out.flush();
            return ExitCodes.OK;
        }
        HumanOutput text = Terminal.human(out); // targets, summaries and errors hold host data: shown visibly
        text.line("harden plan file " + file);
        text.line("  commit   " + plan.commit() + " (" + plan.ref() + ")" + (plan.repo().isEmpty() ? ""
                : " of " + plan.repo()));
        text.line("  signed   " + plan.signature().map(s -> "by " + (s.signer().isEmpty() ? "a trusted key"
                : s.signer()) + (s.key().isEmpty() ? "" : " (" + s.key() + ")")).orElse("not verified when planned"));
        Instant now = Instant.now();
        text.line("  made     " + plan.created() + " by harden " + plan.hardenVersion());
        text.line("  expires  " + plan.expires().map(e -> e + (now.isBefore(e) ? "" : " (expired: apply refuses it)"))
                .orElse("never"));
        text.line();
        int changed = 0;
        int changes = 0;
        int failed = 0;
        for (SavedHost host : plan.hosts()) {
            if (!host.planned()) {
                failed++;
                text.line(host.host() + "  " + host.target() + "  error: " + host.error().orElse(""));
                continue;
            }
            changed += host.changes().isEmpty() ? 0 : 1;
            changes += host.changes().size();
            text.line(host.host() + "  " + host.target() + "  " + (host.changes().isEmpty() ? "no changes"
                    : host.changes().size() + " change(s)"));
            List<String> facts = new ArrayList<>();
            host.factsUsed().forEach((name, value) -> facts.add(PlanningFacts.label(name) + " " + value));
            text.line("  facts: " + String.join(", ", facts));
            for (SavedChange change : host.changes()) {
                text.line(String.format("  %-8s %s", change.module(), change.summary()));
                text.line("           precondition " + change.precondition());
                text.line("           makes        " + change.desiredDigest());
            }
        }
        text.line();
        text.line("Plan: " + changed + " host(s) to change (" + changes + " change(s)), "
                + (plan.hosts().size() - changed - failed) + " unchanged, " + failed + " failed.");
        text.flush();
        return ExitCodes.OK;
    }
}
