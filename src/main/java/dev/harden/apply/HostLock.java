package dev.harden.apply;

import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-host lock (/var/lib/harden/lock): one apply or rollback at a time. A second run is
 * refused naming the holder, its controller and process, and the lock's age. {@code --break-lock}
 * takes over a lock whose run is dead; a lock whose process is still alive on this very
 * controller is a run in progress, and is taken over only when the flag is given twice. Only the
 * lock the refusal named is broken, never one taken since.
 */
final class HostLock {

    static final long STALE_SECONDS = 15 * 60;

    private final String library;

    HostLock(String library) {
        this.library = library;
    }

    void acquire(Host host, String token, ApplyContext context) {
        ExecResult result = take(host, token, context, "-");
        if (result.exitCode() == 5) {
            Map<String, String> info = info(result.out());
            String refusal = refusal(host.name(), info);
            if (context.breakLock() == 0) {
                throw new HostException(host.name(), refusal + "; wait for it to finish (if it died, run again with"
                        + " --break-lock)");
            }
            if (aliveHere(info) && context.breakLock() < 2) {
                throw new HostException(host.name(), refusal + "; its process " + info.get("pid") + " is still running"
                        + " on this controller, so the run is in progress: let it finish, or stop that process, or"
                        + " pass --break-lock twice to take the lock anyway");
            }
            result = take(host, token, context, info.getOrDefault("token", "-"));
            if (result.exitCode() == 5) {
                throw new HostException(host.name(), refusal(host.name(), info(result.out()))
                        + "; another run took the lock meanwhile");
            }
        }
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": cannot take the lock in /var/lib/harden: "
                    + result.reason());
        }
    }

    void release(Host host, String token) {
        try {
            host.run(new Command("release the host lock", new Script(library).call(List.of("release_lock", token))
                    .text(), List.of(), null));
        } catch (HostException e) {
            // the connection is gone; the lock shows its holder and age to the next run
        }
    }

    private ExecResult take(Host host, String token, ApplyContext context, String breakToken) {
        Script script = new Script(library).callOrExit(List.of("take_lock", token, context.operator(), context.commit(),
                Controller.NAME, String.valueOf(ProcessHandle.current().pid()), breakToken), 1);
        return host.run(new Command("take the host lock", script.text(), List.of(), null));
    }

    private static boolean aliveHere(Map<String, String> info) {
        if (!Controller.NAME.equals(info.get("controller"))) {
            return false;
        }
        try {
            long pid = Long.parseLong(info.getOrDefault("pid", ""));
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isPresent() && process.get().isAlive() && pid != ProcessHandle.current().pid();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Map<String, String> info(String text) {
        Map<String, String> info = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                info.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return info;
    }

    static String refusal(String host, Map<String, String> info) {
        String where = info.containsKey("controller") ? " (process " + info.getOrDefault("pid", "?") + " on "
                + info.get("controller") + ")" : "";
        String message = host + ": locked by " + info.getOrDefault("holder", "an unknown run") + where + " since "
                + info.getOrDefault("since", "an unknown time") + " (commit "
                + abbreviate(info.getOrDefault("commit", "?")) + ")";
        try {
            long age = Long.parseLong(info.get("now")) - Long.parseLong(info.get("since_epoch"));
            message += ", " + age(age) + " ago";
            if (age > STALE_SECONDS) {
                message += ", so that run is probably dead";
            }
        } catch (RuntimeException e) {
            // no age known
        }
        return message;
    }

    private static String age(long seconds) {
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }

    private static String abbreviate(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }
}
