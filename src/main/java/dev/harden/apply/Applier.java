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

    /** Applies a plan to one host in one go: {@link #start}, then {@link Started#finish}. */
    public HostApplyResult apply(Host host, HostPlan plan, Replanner replanner, PostCheck postCheck) {
        return start(host, plan).finish(replanner, postCheck);
    }

    /**
     * The first phase on one host: takes its lock and makes its preparing changes (packages,
     * directories, secrets). The engine prepares every host of a run before any continues, so a
     * host plans its second phase knowing what the others prepared (a new peer's public key).
     */
    public Started start(Host host, HostPlan plan) {
        if (!plan.hasChanges()) {
            return Started.done(new HostApplyResult(plan.host(), HostApplyResult.Status.UNCHANGED, null, List.of(),
                    List.of(), List.of(), null));
        }
        String generation = context.newGenerationId();
        try {
            lock.acquire(host, generation, context);
        } catch (HostException e) {
            return Started.done(new HostApplyResult(plan.host(), HostApplyResult.Status.FAILED, null, List.of(),
                    List.of(), List.of(), e.getMessage()));
        }
        try {
            HostChange change = new HostChange(host, plan, generation, new Steps(library, generation, generation, context),
                    context);
            HostApplyResult failed = change.prepare();
            if (failed != null) {
                lock.release(host, generation);
                return Started.done(failed);
            }
            return new Started(change, () -> lock.release(host, generation), null);
        } catch (RuntimeException | Error e) {
            lock.release(host, generation);
            throw e;
        }
    }

    /** A host between the two phases: locked and prepared, or already finished with a result. */
    public static final class Started {
        private final HostChange change;
        private final Runnable unlock;
        private final HostApplyResult result;

        private Started(HostChange change, Runnable unlock, HostApplyResult result) {
            this.change = change;
            this.unlock = unlock;
            this.result = result;
        }

        /** A host that is finished already (nothing to do, or its first phase failed). */
        public static Started done(HostApplyResult result) {
            return new Started(null, () -> { }, result);
        }

        /** True when the host made preparing changes: the others should be planned again with them. */
        public boolean prepared() {
            return change != null && change.prepared();
        }

        /** The second phase (or the first phase's result); the host's lock is released either way. */
        public HostApplyResult finish(Replanner replanner, PostCheck postCheck) {
            if (result != null) {
                return result;
            }
            try {
                return change.proceed(replanner, postCheck);
            } finally {
                unlock.run();
            }
        }

        /** Ends a started host that will not continue (its run failed): the preparing changes are undone. */
        public HostApplyResult abandon(String why) {
            if (result != null) {
                return result;
            }
            try {
                return change.abandon(why);
            } finally {
                unlock.run();
            }
        }
    }
}
