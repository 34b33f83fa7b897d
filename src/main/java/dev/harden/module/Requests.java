package dev.harden.module;

import java.util.Map;
import java.util.Set;

/**
 * What the operator asked of one run beyond the desired state, for the modules that act on it:
 * which modules may trust (and pin, see {@link Pin}) values they see for the first time, such as
 * {@code --trust-new-wireguard-keys}; and, per module, the hosts whose secrets are to be replaced
 * ({@code --rotate-wireguard-key HOST}). A plan never trusts or rotates anything by itself.
 *
 * @param trustNew modules that may pin new values in this run
 * @param rotate   module name to the hosts whose secrets it rotates
 */
public record Requests(Set<String> trustNew, Map<String, Set<String>> rotate) {

    public static final Requests NONE = new Requests(Set.of(), Map.of());

    public Requests {
        trustNew = Set.copyOf(trustNew);
        Map<String, Set<String>> copy = new java.util.TreeMap<>();
        rotate.forEach((module, hosts) -> copy.put(module, Set.copyOf(hosts)));
        rotate = Map.copyOf(copy);
    }

    public boolean trustsNew(String module) {
        return trustNew.contains(module);
    }

    /** The hosts whose secrets {@code module} is asked to rotate. */
    public Set<String> rotations(String module) {
        return rotate.getOrDefault(module, Set.of());
    }
}
