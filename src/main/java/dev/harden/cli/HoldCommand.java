package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.engine.Engine;
import dev.harden.engine.HostChangeOfHold;
import dev.harden.facts.Hold;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "hold", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Put hosts on hold, so that apply and the watcher leave them alone.",
            "",
            "The hold lasts until harden release or the --until time. It is written on the host itself"
                + " (/var/lib/harden/hold), so every controller and CI runner sees it. harden rollback puts the"
                + " hosts it rolls back on hold by itself."},
        footer = {"", "Exit codes: 0 every host held, 1 an error on any host."})
final class HoldCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "Why (shown by status, plan and the watcher), e.g. \"INC-4711: debugging the API\".")
    String reason;

    @Option(names = "--until", paramLabel = "TIME",
            description = "When the hold ends by itself: an ISO time (2026-11-23T08:00:00Z) or a duration (4h, 30m).")
    String until;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (fleet.limit.isEmpty()) {
            throw new HardenException("hold needs --limit HOST[,HOST...]: name the hosts to hold");
        }
        Engine engine = Terminal.engine(spec);
        Hold hold = new Hold(ApplyCommand.operator(), reason, Instant.now(),
                Optional.ofNullable(until).map(t -> time("--until", t)));
        List<HostChangeOfHold> results = engine.hold(engine.load(fleet.repo, fleet.ref, fleet.workingTree),
                fleet.runOptions(), hold);
        HumanOutput out = Terminal.human(spec.commandLine().getOut());
        for (HostChangeOfHold result : results) {
            out.line(result.host() + "  " + (result.error() != null ? "error: " + result.error() : hold.describe()));
        }
        out.flush();
        return results.stream().anyMatch(r -> r.error() != null) ? ExitCodes.ERROR : ExitCodes.OK;
    }

    /** An ISO instant, or a duration from now such as 90m, 4h, 2d; {@code option} names it in messages. */
    static Instant time(String option, String text) {
        try {
            if (text.matches("\\d+[smhd]")) {
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                Duration unit = switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(1);
                    case 'm' -> Duration.ofMinutes(1);
                    case 'h' -> Duration.ofHours(1);
                    default -> Duration.ofDays(1);
                };
                return Instant.now().plus(unit.multipliedBy(amount));
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new HardenException(option + " " + text + ": give a time like 2026-11-23T08:00:00Z or a duration like"
                    + " 90m, 4h, 2d");
        }
    }
}
