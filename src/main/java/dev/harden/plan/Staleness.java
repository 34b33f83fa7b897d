package dev.harden.plan;

import dev.harden.plan.PlanFile.SavedChange;
import dev.harden.plan.PlanFile.SavedHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a host still is as a saved plan found it: planned again now, it must need exactly the
 * same changes (the same resources, each with the same precondition and the same desired digest)
 * and rest on the same facts. Otherwise the host is stale, and the reason names what changed, on
 * one line: "/etc/ssh/sshd_config changed since the plan (was 3fa2..., now 9b1e...); OpenSSH 9.2
 * -> 9.6".
 */
public final class Staleness {

    /** At most this many differences are named; the rest are counted. */
    static final int SHOWN = 5;

    private Staleness() {
    }

    /** Why the host is stale, or empty when the fresh plan is the saved one. */
    public static Optional<String> of(SavedHost saved, HostPlan fresh) {
        List<String> differences = new ArrayList<>(changes(saved.changes(),
                fresh.changes().stream().map(SavedChange::of).toList()));
        differences.addAll(PlanningFacts.differences(saved.factsUsed(), fresh.factsUsed()));
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        List<String> shown = differences.subList(0, Math.min(SHOWN, differences.size()));
        String more = differences.size() > SHOWN ? "; and " + (differences.size() - SHOWN) + " more" : "";
        return Optional.of(saved.host() + ": stale: " + String.join("; ", shown) + more
                + "; make a new plan (harden plan --out)");
    }

    private static List<String> changes(List<SavedChange> saved, List<SavedChange> now) {
        Map<String, SavedChange> before = byResource(saved);
        Map<String, SavedChange> after = byResource(now);
        List<String> differences = new ArrayList<>();
        for (SavedChange was : before.values()) {
            SavedChange is = after.get(was.kind() + " " + was.key());
            if (is == null) {
                differences.add(was.label() + " no longer needs the planned change (" + was.summary() + ")");
            } else if (!is.precondition().equals(was.precondition())) {
                differences.add(was.label() + " changed since the plan (was " + brief(was.precondition()) + ", now "
                        + brief(is.precondition()) + ")");
            } else if (!is.desiredDigest().equals(was.desiredDigest())) {
                differences.add(was.label() + " would now be made differently (" + is.summary() + ")");
            }
        }
        for (SavedChange is : after.values()) {
            if (!before.containsKey(is.kind() + " " + is.key())) {
                differences.add(is.label() + " needs a change the plan does not have (" + is.summary() + ")");
            }
        }
        return differences;
    }

    private static Map<String, SavedChange> byResource(List<SavedChange> changes) {
        Map<String, SavedChange> map = new LinkedHashMap<>();
        changes.forEach(c -> map.put(c.kind() + " " + c.key(), c));
        return map;
    }

    /** A fingerprint with its sha256 shortened: "3fa2c1d09b8e... 644 root:root". */
    static String brief(String fingerprint) {
        return fingerprint.replaceAll("\\b([0-9a-f]{12})[0-9a-f]{52}\\b", "$1...");
    }
}
