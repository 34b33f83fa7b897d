package dev.harden.state;

import dev.harden.facts.Hold;
import dev.harden.resource.Kinds;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Puts a host on hold and releases it: the hold file beside the generations, written atomically. */
public final class HoldStore {

    private static final String SET = """
            H="${HARDEN_ROOT:-}/var/lib/harden"
            umask 077
            mkdir -p "$H" && chmod 700 "$H" || exit 1
            printf '%s' "$1" | base64 -d > "$H/.hold.new" && mv -f "$H/.hold.new" "$H/hold" \\
              || { rm -f "$H/.hold.new"; echo "cannot write $H/hold (is the disk full?)" >&2; exit 1; }
            """;
    private static final String CLEAR = """
            H="${HARDEN_ROOT:-}/var/lib/harden"
            if [ -f "$H/hold" ]; then section released cat "$H/hold"; rm -f "$H/hold" || exit 1; fi
            """;

    private HoldStore() {
    }

    public static void set(Host host, Hold hold) {
        String encoded = Base64.getEncoder().encodeToString(hold.toText().getBytes(StandardCharsets.UTF_8));
        ExecResult result = host.run(new Command("put the host on hold", SET, List.of(encoded), null));
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": cannot put the host on hold: " + result.reason());
        }
    }

    /** Removes the hold; returns the hold that was there, if any. */
    public static java.util.Optional<Hold> clear(Host host) {
        ExecResult result = host.run(Command.of("release the host's hold", Kinds.SCRIPT + "\n" + CLEAR));
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": cannot release the hold: " + result.reason());
        }
        byte[] released = dev.harden.transport.Frames.parse(host.name(), result.stdout()).get("released");
        return released == null ? java.util.Optional.empty()
                : java.util.Optional.of(Hold.parse(new String(released, StandardCharsets.UTF_8)));
    }
}
