package dev.harden.cli;

import dev.harden.engine.Engine;
import dev.harden.engine.HostStatus;
import dev.harden.json.JsonReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Show where each host stands, without changing it.",
            "",
            "For each host: the commit and generation it was last confirmed at, its hold (who, why, until), how"
                + " many resources drifted from the desired state, and its latest trouble (a change that was"
                + " reverted or did not complete)."},
        footer = {"", "Exit codes: 0 success, 1 an error on any host."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Engine engine = Terminal.engine(spec);
        PrintWriter err = spec.commandLine().getErr();
        List<HostStatus> statuses = engine.status(engine.load(fleet.repo, fleet.ref, fleet.workingTree),
                fleet.runOptions(), Terminal.progress(err, "read"));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonReport.status(statuses));
        } else {
            HumanOutput text = Terminal.human(out);
            Instant now = Instant.now();
            for (HostStatus s : statuses) {
                if (s.error() != null) {
                    text.line(s.host() + "  " + s.target() + "  error: " + s.error());
                    continue;
                }
                text.line(s.host() + "  " + s.target());
                text.line("  applied:  " + s.appliedCommit().map(c -> "commit " + c.substring(0, 10) + " (generation "
                        + s.generation().orElse("?") + ")").orElse("never by harden"));
                text.line("  hold:     " + s.hold().map(h -> (h.activeAt(now) ? "" : "expired: ") + h.describe())
                        .orElse("none"));
                text.line("  drift:    " + (s.drifted() == 0 ? "none" : s.drifted() + " resource(s) differ (harden plan"
                        + " shows them)"));
                text.line("  trouble:  " + s.lastProblem().orElse("none"));
            }
        }
        out.flush();
        return statuses.stream().anyMatch(s -> s.error() != null) ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
