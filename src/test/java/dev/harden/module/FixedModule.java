package dev.harden.module;

import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import java.util.List;

/**
 * A module for tests that wants exactly the resources it is given, on every host; a test changes
 * them between runs with {@link #want}. It has no settings and no on-host code.
 */
public final class FixedModule implements Module {

    private final String name;
    private volatile List<Resource> resources;

    public FixedModule(String name, List<? extends Resource> resources) {
        this.name = name;
        this.resources = List.copyOf(resources);
    }

    public void want(List<? extends Resource> wanted) {
        this.resources = List.copyOf(wanted);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        return resources.stream().map(Resource::id).toList();
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        return new ModuleResult(resources, List.of());
    }

    /** The built-in modules (their policy keys are in every baseline) and {@code extra}, planned after them. */
    public static Modules withBuiltIn(Module... extra) {
        List<Module> all = new java.util.ArrayList<>(Modules.builtIn().all());
        all.addAll(List.of(extra));
        return new Modules(all);
    }
}
