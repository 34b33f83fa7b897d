package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.engine.Engine;
import dev.harden.engine.HostChangeOfHold;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "release", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Release hosts from hold, so that apply and the watcher converge them again.",
            "",
            "Shows the hold each host was under."},
        footer = {"", "Exit codes: 0 every host released (or not held), 1 an error on any host."})
final class ReleaseCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (fleet.limit.isEmpty()) {
            throw new HardenException("release needs --limit HOST[,HOST...]: name the hosts to release");
        }
        Engine engine = Terminal.engine(spec);
        List<HostChangeOfHold> results = engine.release(engine.load(fleet.repo, fleet.ref, fleet.workingTree),
                fleet.runOptions());
        HumanOutput out = Terminal.human(spec.commandLine().getOut());
        for (HostChangeOfHold result : results) {
            out.line(result.host() + "  " + (result.error() != null ? "error: " + result.error()
                    : result.released().map(h -> "released (was " + h.describe() + ")").orElse("was not on hold")));
        }
        out.flush();
        return results.stream().anyMatch(r -> r.error() != null) ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
