package dev.harden.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Which policy changes weaken access control: passwords or root logins allowed, a wider circle of
 * SSH users, sudo unlogged, the firewall open by default or off, confinement off. An exception
 * that makes such a change is opened only when the operator says so explicitly, and is shown in
 * red. A key the enabled modules do not have is simply never compared.
 */
public final class Weakening {

    /** Per key: does going from the first value to the second weaken access? */
    private static final Map<String, BiPredicate<Object, Object>> RULES = Map.ofEntries(
            Map.entry("ssh.enabled", Weakening::turnedOff),
            Map.entry("ssh.password_authentication", Weakening::turnedOn),
            Map.entry("ssh.permit_root_login", Weakening::turnedOn),
            Map.entry("ssh.allow_users", Weakening::widened),
            Map.entry("ssh.allow_groups", Weakening::widened),
            Map.entry("ssh.allow_tcp_forwarding", Weakening::turnedOn),
            Map.entry("ssh.allow_agent_forwarding", Weakening::turnedOn),
            Map.entry("ssh.permit_tunnel", Weakening::turnedOn),
            Map.entry("sudo.enabled", Weakening::turnedOff),
            Map.entry("sudo.log_file", (before, after) -> !"".equals(before) && "".equals(after)),
            Map.entry("firewall.enabled", Weakening::turnedOff),
            Map.entry("firewall.default_incoming", (before, after) -> !"allow".equals(before) && "allow".equals(after)),
            Map.entry("apparmor.enabled", Weakening::turnedOff));

    private Weakening() {
    }

    /** The keys whose value in {@code after} weakens access compared with {@code before}, in key order. */
    public static List<String> keys(HostPolicy before, HostPolicy after) {
        List<String> weakened = new ArrayList<>();
        RULES.keySet().stream().sorted().forEach(key -> {
            PolicyLayer.Value was = before.values().get(key);
            PolicyLayer.Value now = after.values().get(key);
            if (was != null && now != null && !Objects.equals(was.value(), now.value())
                    && RULES.get(key).test(was.value(), now.value())) {
                weakened.add(key);
            }
        });
        return weakened;
    }

    private static boolean turnedOn(Object before, Object after) {
        return Boolean.FALSE.equals(before) && Boolean.TRUE.equals(after);
    }

    private static boolean turnedOff(Object before, Object after) {
        return Boolean.TRUE.equals(before) && Boolean.FALSE.equals(after);
    }

    /** An allow list widened: emptied (no restriction at all), or given a name it did not have. */
    private static boolean widened(Object before, Object after) {
        List<?> was = (List<?>) before;
        List<?> now = (List<?>) after;
        return !was.isEmpty() && (now.isEmpty() || !was.containsAll(now));
    }
}
