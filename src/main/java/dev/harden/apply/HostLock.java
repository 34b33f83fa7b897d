package dev.harden.apply;

import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-host lock (/var/lib/harden/lock): one apply or rollback at a time. A second run is
 * refused with the holder's name and since when; a lock older than {@link #STALE_SECONDS} is
 * reported as probably left by a dead run, and {@code --break-lock} takes it over.
 */
final class HostLock {

    static final long STALE_SECONDS = 15 * 60;

    private HostLock() {
    }

    static void acquire(Host host, String token, ApplyContext context) {
        ExecResult result = host.run(Command.of("take the host lock", RemoteScripts.LOCK, token, context.operator(),
                context.commit(), context.breakLock() ? "break" : "keep"));
        if (result.exitCode() == 5) {
            throw new HostException(host.name(), refusal(host.name(), result.out()));
        }
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": cannot take the lock in /var/lib/harden: " + result.reason());
        }
    }

    static void release(Host host, String token) {
        try {
            host.run(Command.of("release the host lock", RemoteScripts.UNLOCK, token));
        } catch (HostException e) {
            // the connection is gone; the lock shows its holder and age to the next run
        }
    }

    static String refusal(String host, String lockInfo) {
        Map<String, String> info = new HashMap<>();
        for (String line : lockInfo.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                info.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        String message = host + ": locked by " + info.getOrDefault("holder", "an unknown run") + " since "
                + info.getOrDefault("since", "an unknown time") + " (commit "
                + abbreviate(info.getOrDefault("commit", "?")) + "): another harden run is changing this host";
        try {
            long age = Long.parseLong(info.get("now")) - Long.parseLong(info.get("since_epoch"));
            if (age > STALE_SECONDS) {
                return message + "; the lock is " + age / 60 + " minutes old, so that run is probably dead:"
                        + " run again with --break-lock to take it over";
            }
        } catch (RuntimeException e) {
            // no age known
        }
        return message + "; wait for it to finish (if it died, run again with --break-lock)";
    }

    private static String abbreviate(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }
}
