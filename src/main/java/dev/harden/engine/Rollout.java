package dev.harden.engine;

import dev.harden.HardenException;
import dev.harden.inventory.HostEntry;
import dev.harden.inventory.Inventory;
import dev.harden.plan.HostPlan;
import dev.harden.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a change reaches the fleet: an optional canary group first, then batches of hosts, each
 * waiting for the one before; the rollout stops after a batch whose failed share is above
 * {@code maxFailPercent} (a canary batch tolerates no failure), and the later batches are not
 * touched. The same for apply and the watcher.
 *
 * @param batchSize hosts per batch; 0 puts every host in one batch
 */
public record Rollout(Optional<String> canaryGroup, int batchSize, int maxFailPercent) {

    /** Every host at once, stopping nothing. */
    public static final Rollout ALL_AT_ONCE = new Rollout(Optional.empty(), 0, 100);

    public Rollout {
        if (batchSize < 0) {
            throw new IllegalArgumentException("a batch holds at least one host (0: all at once)");
        }
        if (maxFailPercent < 0 || maxFailPercent > 100) {
            throw new IllegalArgumentException("the failure threshold is a percentage, 0 to 100");
        }
    }

    /** One step of a rollout: its hosts, and the failure share it tolerates. */
    public record Batch(String name, List<String> hosts, int maxFailPercent) {
        public Batch {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * Refuses a canary group the inventory does not have: a typo must not quietly roll out to
     * the whole fleet at once. (A group with no host in this run's selection or shard is fine.)
     */
    public void checkCanary(Inventory inventory) {
        if (canaryGroup.isPresent() && !inventory.groupNames().contains(canaryGroup.get())) {
            throw new HardenException("--canary: no group named " + YamlNode.quote(canaryGroup.get())
                    + " in the inventory (groups: " + String.join(", ", inventory.groupNames()) + ")");
        }
    }

    /** The batches for the hosts of a plan that have changes, in plan order: canary first. */
    public List<Batch> batches(List<HostPlan> planned, Inventory inventory) {
        checkCanary(inventory);
        List<String> rest = new ArrayList<>();
        List<String> canary = new ArrayList<>();
        for (HostPlan plan : planned) {
            if (!plan.hasChanges()) {
                continue;
            }
            HostEntry entry = inventory.hosts().get(plan.host());
            if (canaryGroup.isPresent() && entry != null && entry.groups().contains(canaryGroup.get())) {
                canary.add(plan.host());
            } else {
                rest.add(plan.host());
            }
        }
        List<Batch> batches = new ArrayList<>();
        if (!canary.isEmpty()) {
            batches.add(new Batch("canary " + canaryGroup.get(), canary, 0));
        }
        int size = batchSize == 0 ? Math.max(1, rest.size()) : batchSize;
        for (int from = 0, n = 1; from < rest.size(); from += size, n++) {
            batches.add(new Batch("batch " + n, rest.subList(from, Math.min(rest.size(), from + size)), maxFailPercent));
        }
        return batches;
    }
}
