package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.engine.Rollout;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a change rolls out over the fleet (apply and watch). */
final class RolloutOptions {

    @Option(names = "--canary", paramLabel = "GROUP",
            description = "Change the hosts of GROUP first; any failure there stops the rollout.")
    String canary;

    @Option(names = "--batch", defaultValue = "0", paramLabel = "N",
            description = "Change N hosts at a time, each batch after the one before. Default: all at once.")
    int batch;

    @Option(names = "--max-fail-percent", defaultValue = "0", paramLabel = "P",
            description = "Stop after a batch in which more than P percent of the hosts failed. Default: ${DEFAULT-VALUE}"
                    + " (any failure stops the rollout).")
    int maxFailPercent;

    Rollout rollout() {
        if (batch < 0) {
            throw new HardenException("--batch must be 0 (all at once) or more");
        }
        if (maxFailPercent < 0 || maxFailPercent > 100) {
            throw new HardenException("--max-fail-percent is a percentage from 0 to 100, got " + maxFailPercent);
        }
        return new Rollout(Optional.ofNullable(canary), batch, maxFailPercent);
    }
}
