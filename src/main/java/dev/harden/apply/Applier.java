package dev.harden.apply;

import dev.harden.module.Finding;
import dev.harden.plan.HostPlan;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.util.List;

/**
 * The change protocol, the only code that writes to a host: lock the host; make the preparing
 * changes (packages, directories, secrets) and plan the host again with them in place; stage
 * every file beside its target and validate it; check the host still is what the plan saw;
 * record a generation (checked backups, what to undo, the code to undo it with); arm an on-host
 * revert timer when a change can cut off access; make the changes (files, links, units); reload
 * only the affected services; prove access with a NEW session; verify; confirm (disarm); unlock.
 * A failure before anything is changed leaves the host untouched; after it, the host returns to
 * the state before, and a revert that cannot restore everything says exactly what it left.
 */
public final class Applier {

    /** Checks a host after activation; returns findings (and throws if the host is unusable). */
    @FunctionalInterface
    public interface PostCheck {
        List<Finding> check(Host host);
    }

    /** Plans the host again (after packages are installed, which brings their files). */
    @FunctionalInterface
    public interface Replanner {
        HostPlan replan(Host host);
    }

    private final ApplyContext context;
    private final String library;
    private final HostLock lock;

    /** @param modulesCode the modules' on-host functions (validators, activators), stored with each generation */
    public Applier(ApplyContext context, String modulesCode) {
        this.context = context;
        this.library = Protocol.library(modulesCode);
        this.lock = new HostLock(library);
    }

    public HostApplyResult apply(Host host, HostPlan plan, Replanner replanner, PostCheck postCheck) {
        if (!plan.hasChanges()) {
            return new HostApplyResult(plan.host(), HostApplyResult.Status.UNCHANGED, null, List.of(), List.of(),
                    List.of(), null);
        }
        String generation = context.newGenerationId();
        try {
            lock.acquire(host, generation, context);
        } catch (HostException e) {
            return new HostApplyResult(plan.host(), HostApplyResult.Status.FAILED, null, List.of(), List.of(),
                    List.of(), e.getMessage());
        }
        try {
            Steps steps = new Steps(library, generation, generation, context);
            return new HostChange(host, plan, generation, steps, context).run(replanner, postCheck);
        } finally {
            lock.release(host, generation);
        }
    }
}
