package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.engine.Engine;
import dev.harden.engine.HostRunbook;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Print the runbook of hosts, the text apply writes to /etc/harden/README on each of them.",
            "",
            "The runbook says what is hardened on the host and how to work with it safely: who may log in and"
                + " how, which ports are open to whom, automatic updates and the reboot window, confinement,"
                + " the exceptions in force, how to get an exception, and how to roll back from the controller"
                + " and from the host's own console. It is made from the same data as a plan. Read-only."},
        footer = {"", "Exit codes: 0 success, 1 an error on any host."})
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Parameters(arity = "0..*", paramLabel = "HOST", description = "The hosts (or groups) to explain, like --limit.")
    List<String> hosts = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        fleet.selection.limit.addAll(hosts);
        if (fleet.selection.limit.isEmpty()) {
            throw new HardenException("explain needs a host: harden explain HOST (or --limit HOST[,HOST...])");
        }
        Engine engine = Terminal.engine(spec);
        List<HostRunbook> runbooks = engine.explain(engine.load(fleet.repo, fleet.ref, fleet.workingTree),
                fleet.runOptions(), Terminal.progress(spec.commandLine().getErr(), "read"));
        HumanOutput out = Terminal.human(spec.commandLine().getOut());
        boolean several = runbooks.size() > 1;
        for (HostRunbook runbook : runbooks) {
            if (runbook.error() != null) {
                out.line(runbook.host() + "  error: " + runbook.error());
                continue;
            }
            if (several) {
                out.line("==> " + runbook.host() + " <==");
            }
            runbook.text().lines().forEach(out::line);
            if (several) {
                out.line();
            }
        }
        out.flush();
        return runbooks.stream().anyMatch(r -> r.error() != null) ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
