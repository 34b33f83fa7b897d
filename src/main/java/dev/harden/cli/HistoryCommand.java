package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.engine.ExitStatus;
import dev.harden.engine.HostHistory;
import dev.harden.json.JsonReport;
import dev.harden.state.Generation;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "List the generations recorded on hosts, newest first.",
            "",
            "Each generation shows its id, kind (apply or rollback), status (complete, reverted, ...), commit,"
                + " operator and time, and the files it changed."},
        footer = {"", "Exit codes: 0 every host's history was read (a generation whose record is damaged is shown"
                + " as such), 1 a host's history could not be read."})
final class HistoryCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Option(names = "--json", description = "Print the history as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (fleet.limit.isEmpty()) {
            throw new HardenException("history needs --limit HOST[,HOST...]");
        }
        PrintWriter out = spec.commandLine().getOut();
        var engine = Terminal.engine(spec);
        List<HostHistory> histories = engine.history(engine.load(fleet.repo, fleet.ref, fleet.workingTree),
                fleet.runOptions());
        if (json) {
            out.println(JsonReport.history(histories));
        } else {
            HumanOutput text = Terminal.human(out); // what a host recorded is host data: shown visibly
            for (HostHistory history : histories) {
                long damaged = history.generations().stream().filter(g -> g.problem() != null).count();
                text.line(history.host() + (history.error() != null ? "  error: " + history.error()
                        : "  " + history.generations().size() + " generation(s)"
                        + (damaged > 0 ? ", " + damaged + " with a damaged record" : "")));
                for (Generation g : history.generations()) {
                    text.line(String.format("  %s  %-8s %-9s commit %-10.10s  %s  %s", g.id(), g.kind(), g.status(),
                            g.commit(), g.operator(), g.started()));
                    g.entries().forEach(e -> text.line("      " + e.module() + "  " + e.summary()));
                    if (g.problem() != null) {
                        text.line("      record damaged: " + g.problem()
                                + "; harden cannot roll back this generation, nor to any before it");
                    }
                }
            }
        }
        out.flush();
        return ExitStatus.ofHistory(histories).code();
    }
}
