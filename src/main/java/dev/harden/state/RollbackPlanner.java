package dev.harden.state;

import dev.harden.HardenException;
import dev.harden.facts.Facts;
import dev.harden.facts.FactsProbe;
import dev.harden.facts.ProbeRequest;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Planner;
import dev.harden.resource.Change;
import dev.harden.resource.DirectoryResource;
import dev.harden.resource.FileResource;
import dev.harden.resource.LinkResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.UnitResource;
import dev.harden.transport.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a rollback from what the host itself recorded: undoing a generation puts every resource
 * it touched back to its state before it (a file's bytes, mode and owner, or its absence; a
 * unit's enablement and activity; a link's target), and purges the packages it installed.
 * Rolling back to generation X undoes every confirmed generation newer than X. Secrets are kept.
 * The result is an ordinary {@link HostPlan}, applied through the same change protocol as any apply.
 */
public final class RollbackPlanner {

    public static final String PREVIOUS = "previous";
    private static final Set<String> SETTABLE_ENABLEMENT = Set.of("enabled", "disabled", "masked");
    private static final Set<String> SETTABLE_ACTIVITY = Set.of("active", "inactive");

    private RollbackPlanner() {
    }

    public static HostPlan plan(Host host, String target, String loginUser, String targetLabel, String onHostCode) {
        List<Generation> undo = toUndo(host.name(), GenerationStore.list(host), target);
        Map<ResourceId, Restore> restores = new LinkedHashMap<>();
        Map<String, String> purge = new LinkedHashMap<>();
        for (Generation generation : undo) { // newest first: the oldest undone generation wins per resource
            if (generation.problem() != null) {
                throw new HardenException(host.name() + ": generation " + generation.id() + " cannot be rolled back: "
                        + generation.problem());
            }
            for (ManifestEntry entry : generation.entries()) {
                restores.put(entry.id(), new Restore(generation, entry));
            }
            generation.installed().forEach(p -> purge.put(p, generation.id()));
        }
        List<String> wanted = restores.values().stream()
                .filter(r -> r.entry().id().kind() == dev.harden.resource.Kind.FILE && r.entry().existed())
                .map(Restore::backupKey).toList();
        Map<String, byte[]> backups = GenerationStore.backups(host, wanted);
        List<Resource> resources = new ArrayList<>();
        for (Restore restore : restores.values()) {
            Resource resource = resource(host.name(), restore, backups);
            if (resource != null) {
                resources.add(resource);
            }
        }
        purge.keySet().forEach(p -> resources.add(new PackageResource("packages", p, false)));
        Facts facts = FactsProbe.gather(host, loginUser, ProbeRequest.resources(resources.stream().map(Resource::id)
                .toList(), onHostCode));
        String label = "generation before " + undo.get(undo.size() - 1).id();
        List<Change> changes = new ArrayList<>();
        for (Resource resource : resources) {
            Planner.compare(host.name(), facts, resource, label).ifPresent(changes::add);
        }
        return new HostPlan(host.name(), targetLabel, facts.summary(), changes, List.of(), List.of(), facts.records());
    }

    private static Resource resource(String host, Restore restore, Map<String, byte[]> backups) {
        ManifestEntry entry = restore.entry();
        String module = entry.module();
        String key = entry.id().key();
        return switch (entry.id().kind()) {
            case FILE -> {
                if (!entry.existed()) {
                    yield FileResource.absent(module, key, entry.reloads(), entry.sensitive(), entry.canCutAccess());
                }
                byte[] content = backups.get(restore.backupKey());
                if (content == null) {
                    throw new HardenException(host + ": the backup of " + key + " in generation "
                            + restore.generation().id() + " is missing; restore it by hand or choose another generation");
                }
                yield new FileResource(module, key, content, entry.mode(), entry.text("owner"), entry.text("group"),
                        entry.validator(), entry.reloads(), entry.sensitive(), entry.canCutAccess());
            }
            case DIRECTORY -> new DirectoryResource(module, key, entry.existed() ? entry.mode() : 0,
                    entry.existed() ? entry.text("owner") : "root", entry.existed() ? entry.text("group") : "root",
                    !entry.existed());
            case LINK -> new LinkResource(module, key, entry.existed() ? entry.text("target") : null, entry.reloads(),
                    entry.canCutAccess(), !entry.existed());
            case UNIT -> {
                String enablement = entry.text("enablement");
                String activity = entry.text("activity");
                yield new UnitResource(module, key, SETTABLE_ENABLEMENT.contains(enablement) ? enablement : null,
                        SETTABLE_ACTIVITY.contains(activity) ? activity : null, entry.canCutAccess());
            }
            case PACKAGE -> entry.existed() ? new PackageResource(module, key, true) : null; // purged via installed
            case SECRET -> null; // secrets stay as they are
        };
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

    private record Restore(Generation generation, ManifestEntry entry) {
        String backupKey() {
            return generation.id() + ":" + (generation.format() == 2 ? String.valueOf(entry.index()) : entry.path());
        }
    }
}
