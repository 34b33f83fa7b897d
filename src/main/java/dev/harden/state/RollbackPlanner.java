package dev.harden.state;

import dev.harden.HardenException;
import dev.harden.facts.Facts;
import dev.harden.facts.FactsProbe;
import dev.harden.module.DesiredFile;
import dev.harden.plan.FileChange;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Planner;
import dev.harden.transport.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a rollback from what the host itself recorded: undoing a generation puts every path
 * it touched back to its state before it (bytes, mode, owner; removed if it did not exist).
 * Rolling back to generation X undoes every confirmed generation newer than X. The result is
 * an ordinary {@link HostPlan}, applied through the same change protocol as any apply.
 */
public final class RollbackPlanner {

    public static final String PREVIOUS = "previous";

    private RollbackPlanner() {
    }

    public static HostPlan plan(Host host, String target, String loginUser, String targetLabel) {
        List<Generation> undo = toUndo(host.name(), GenerationStore.list(host), target);
        Map<String, Restore> restores = new LinkedHashMap<>();
        for (Generation generation : undo) { // newest first: the oldest undone generation wins per path
            for (ManifestEntry entry : generation.entries()) {
                restores.put(entry.path(), new Restore(generation.id(), entry));
            }
        }
        List<String> wanted = restores.values().stream().filter(r -> r.entry().existed())
                .map(r -> r.generation() + ":" + r.entry().path()).toList();
        Map<String, byte[]> backups = GenerationStore.backups(host, wanted);
        Facts facts = FactsProbe.gather(host, loginUser, List.copyOf(restores.keySet()));
        List<FileChange> changes = new ArrayList<>();
        String label = "generation before " + undo.get(undo.size() - 1).id();
        for (Restore restore : restores.values()) {
            ManifestEntry entry = restore.entry();
            byte[] content = entry.existed() ? backups.get(restore.generation() + ":" + entry.path()) : new byte[0];
            if (content == null) {
                throw new HardenException(host.name() + ": the backup of " + entry.path() + " in generation "
                        + restore.generation() + " is missing; restore it by hand or choose another generation");
            }
            DesiredFile file = new DesiredFile(entry.module(), entry.path(), content, entry.mode(), entry.owner(),
                    entry.group(), entry.validator(), entry.reloads(), false, true, !entry.existed());
            Planner.compare(facts.file(entry.path()), file, label).ifPresent(changes::add);
        }
        return new HostPlan(host.name(), targetLabel, facts.summary(), changes, List.of());
    }

    /** The confirmed generations a rollback to {@code target} undoes, newest first. */
    static List<Generation> toUndo(String host, List<Generation> all, String target) {
        List<Generation> confirmed = all.stream().filter(Generation::complete).toList();
        if (PREVIOUS.equals(target)) {
            if (confirmed.isEmpty()) {
                throw new HardenException(host + ": nothing to roll back: no confirmed generation in /var/lib/harden"
                        + " (see harden history)");
            }
            return List.of(confirmed.get(0));
        }
        Generation chosen = all.stream().filter(g -> g.id().equals(target)).findFirst()
                .orElseThrow(() -> new HardenException(host + ": no generation " + target
                        + " on this host (harden history --limit " + host + " lists them)"));
        if (!chosen.complete()) {
            throw new HardenException(host + ": generation " + target + " is " + chosen.status()
                    + ", not a state the host was in; choose a complete one (see harden history)");
        }
        List<Generation> newer = confirmed.stream().filter(g -> g.id().compareTo(target) > 0).toList();
        if (newer.isEmpty()) {
            throw new HardenException(host + ": generation " + target + " is the newest; nothing to roll back");
        }
        return newer;
    }

    private record Restore(String generation, ManifestEntry entry) {
    }
}
