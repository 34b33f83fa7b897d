package dev.harden.state;

import dev.harden.facts.Exemption;
import dev.harden.resource.Kinds;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Frames;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exceptions recorded on a host (/var/lib/harden/exceptions): read for history, and ended
 * early by running an exception's own end on the host (the code its timer runs), so an early end
 * is exactly the end the host makes by itself.
 */
public final class ExemptionStore {

    /** The end waits for a run holding the host lock (at most 10 minutes on the host). */
    private static final Duration END_TIMEOUT = Duration.ofMinutes(12);

    private static final String LIST = Kinds.SCRIPT + """
            X="${HARDEN_ROOT:-}/var/lib/harden/exceptions"
            n=0
            for f in $(ls -1 "$X" 2> /dev/null | head -n 100); do
              case "$f" in *[!a-z0-9-]*|-*) continue;; esac
              [ -f "$X/$f" ] || continue
              section "e$n" head -n 100 "$X/$f"
              n=$((n + 1))
            done
            exit 0
            """;

    private static final String END = """
            f="${HARDEN_ROOT:-}/var/lib/harden/exceptions/$1"
            [ -f "$f" ] || { echo "no exception $1 on this host (harden status lists them)" >&2; exit 4; }
            HARDEN_ENDED_BY="$2" exec /bin/sh "$f" --now
            """;

    private ExemptionStore() {
    }

    /** The exceptions recorded on the host (in force or past their time), in the order they end. */
    public static List<Exemption> list(Host host) {
        ExecResult result = host.run(Command.of("read the exceptions", LIST));
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": cannot read its exceptions: " + result.reason());
        }
        Map<String, byte[]> sections = Frames.parse(host.name(), result.stdout());
        List<Exemption> exemptions = new ArrayList<>();
        for (int n = 0; sections.containsKey("e" + n); n++) {
            Exemption.parse(new String(sections.get("e" + n), StandardCharsets.UTF_8)).ifPresent(exemptions::add);
        }
        exemptions.sort(java.util.Comparator.comparing(Exemption::until).thenComparing(Exemption::id));
        return exemptions;
    }

    /**
     * Ends exception {@code id} now on the host, as its timer would ({@code by} is recorded as who
     * ended it); what the host said, line by line. Fails when the host has no such exception or
     * could not end it (its generation is reverted then, and the exception stays).
     */
    public static List<String> end(Host host, String id, String by) {
        if (!Exemption.validId(id)) {
            throw new HostException(host.name(), host.name() + ": '" + id + "' is not an exception id");
        }
        ExecResult result = host.run(new Command("end exception " + id, END, List.of(id, by), END_TIMEOUT));
        List<String> said = new ArrayList<>(result.out().lines().filter(l -> !l.isBlank()).toList());
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": exception " + id + " was not ended: "
                    + result.reason());
        }
        return said;
    }
}
