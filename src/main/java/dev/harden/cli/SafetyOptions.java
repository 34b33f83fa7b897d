package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.apply.ApplyContext;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of the commands that change hosts (apply, rollback). */
final class SafetyOptions {

    @Option(names = "--confirm-timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "A change that can cut off access (sshd, sudo) reverts itself on the host after this long"
                    + " unless harden confirms it with a new SSH session. Default: ${DEFAULT-VALUE}")
    int confirmTimeout;

    @Option(names = "--keep-generations", defaultValue = "20", paramLabel = "N",
            description = "Generations kept in /var/lib/harden on each host. Default: ${DEFAULT-VALUE}")
    int keepGenerations;

    @Option(names = "--break-lock",
            description = "Take over a host lock left by a dead run (the refusal names the holder and its age)."
                    + " A lock whose process still runs on this machine needs the option twice.")
    boolean[] breakLock = new boolean[0];

    ApplyContext context(String commit, String kind) {
        if (confirmTimeout < 5) {
            throw new HardenException("--confirm-timeout must be at least 5 seconds");
        }
        if (keepGenerations < 2) {
            throw new HardenException("--keep-generations must be at least 2 (the previous generation is the way back)");
        }
        ApplyContext context = ApplyContext.apply(commit, ApplyCommand.operator())
                .withSafety(Duration.ofSeconds(confirmTimeout), keepGenerations, breakLock.length);
        return "rollback".equals(kind) ? context.asRollback() : context;
    }
}
