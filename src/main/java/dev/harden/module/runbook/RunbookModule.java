package dev.harden.module.runbook;

import dev.harden.facts.Facts;
import dev.harden.module.MissingDirectories;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.FileResource;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A runbook on every host: /etc/harden/README ({@link Runbook}: what is hardened and how to work
 * with it safely, from the modules it documents) and a login banner in /etc/motd.d that points to
 * it. Each is optional by policy; one turned off is removed, so no host keeps a runbook that is no
 * longer true.
 */
public final class RunbookModule implements Module {

    public static final String README = "/etc/harden/README";
    static final String BANNER = "/etc/motd.d/harden";
    static final String ENABLED = "runbook.enabled";
    static final String BANNER_KEY = "runbook.banner";

    private final List<Module> documented;

    /** @param documented the modules whose sections the runbook holds, in order */
    public RunbookModule(List<Module> documented) {
        this.documented = List.copyOf(documented);
    }

    @Override
    public String name() {
        return "runbook";
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.bool(ENABLED, "write the host's runbook, " + README + ", on every apply"),
                Setting.bool(BANNER_KEY, "show a login banner (" + BANNER + ") that points to the runbook"));
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        List<ResourceId> observed = new ArrayList<>(MissingDirectories.observed("/etc/harden"));
        observed.addAll(MissingDirectories.observed("/etc/motd.d"));
        observed.add(ResourceId.file(README));
        observed.add(ResourceId.file(BANNER));
        return observed;
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        Facts facts = input.facts();
        List<Resource> resources = new ArrayList<>();
        if (input.policy().bool(ENABLED)) {
            resources.addAll(MissingDirectories.resources(name(), "/etc/harden", facts));
            resources.add(file(README, Runbook.text(input, documented)));
        } else if (facts.state(ResourceId.file(README)) instanceof State.File) {
            resources.add(FileResource.absent(name(), README, List.of(), false));
        }
        if (input.policy().bool(BANNER_KEY)) {
            resources.addAll(MissingDirectories.resources(name(), "/etc/motd.d", facts));
            resources.add(file(BANNER, Runbook.banner(input)));
        } else if (facts.state(ResourceId.file(BANNER)) instanceof State.File) {
            resources.add(FileResource.absent(name(), BANNER, List.of(), false));
        }
        return ModuleResult.of(resources, List.of(), List.of());
    }

    /** The runbook's text for a host (harden explain prints it), whether or not the host keeps it. */
    public String text(ModuleInput input) {
        return Runbook.text(input, documented);
    }

    private FileResource file(String path, String text) {
        return new FileResource(name(), path, text.getBytes(StandardCharsets.UTF_8), 0644, "root", "root",
                Optional.empty(), List.of(), false, false);
    }
}
