package dev.harden.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of a systemd unit: {@code enablement} (enabled, disabled or masked; null leaves it)
 * and {@code activity} (active or inactive; null leaves it). Its drop-ins are files; systemd
 * reloads its units when a unit file changed, before units are changed. In an image root the
 * activity is "offline" (nothing runs there): only the enablement is set, and the image starts the
 * unit at boot.
 */
public record UnitResource(String module, String name, String enablement, String activity, boolean canCutAccess)
        implements Resource {

    private static final List<String> ENABLEMENTS = List.of("enabled", "disabled", "masked");
    private static final List<String> ACTIVITIES = List.of("active", "inactive");

    public UnitResource {
        ResourceId.unit(name);
        if (enablement != null && !ENABLEMENTS.contains(enablement)) {
            throw new IllegalArgumentException("unit enablement must be one of " + ENABLEMENTS + ": " + enablement);
        }
        if (activity != null && !ACTIVITIES.contains(activity)) {
            throw new IllegalArgumentException("unit activity must be one of " + ACTIVITIES + ": " + activity);
        }
    }

    /** Enabled and running. */
    public static UnitResource running(String module, String name, boolean canCutAccess) {
        return new UnitResource(module, name, "enabled", "active", canCutAccess);
    }

    @Override
    public ResourceId id() {
        return ResourceId.unit(name);
    }

    @Override
    public Optional<Change> changeFrom(State before, String label) {
        if (before instanceof State.Unknown) {
            return Optional.empty(); // no systemd (an image root's activity, a host without systemd): nothing to do
        }
        State.Unit unit = before instanceof State.Unit u ? u : new State.Unit("not-found", "inactive");
        List<String> parts = new ArrayList<>();
        if (enablement != null && !enablement.equals(unit.enablement())) {
            parts.add(unit.enablement() + " -> " + enablement);
        }
        if (activity != null && !activity.equals(unit.activity()) && !"offline".equals(unit.activity())) {
            parts.add(unit.activity() + " -> " + activity);
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Change(this, before, "unit " + name + ": " + String.join(", ", parts), ""));
    }

    @Override
    public List<String> apply(int index) {
        return List.of("set_unit", String.valueOf(index), name, enablement == null ? "-" : enablement,
                activity == null ? "-" : activity);
    }

    @Override
    public List<String> undo(int index, State before) {
        if (before instanceof State.Unit unit) {
            return List.of("restore_unit", name, unit.enablement(), unit.activity());
        }
        return List.of("restore_unit", name, "not-found", "inactive");
    }
}
