package dev.harden.apply;

import dev.harden.module.DesiredFile;
import dev.harden.module.Finding;
import dev.harden.module.Reload;
import dev.harden.module.Validator;
import dev.harden.plan.FileChange;
import dev.harden.plan.HostPlan;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The change protocol, the only code that writes to a host: lock the host, stage every file
 * next to its target, validate the staged files, check the host still is what the plan saw,
 * record a generation (backups), arm an on-host revert timer when a change can cut off access,
 * rename into place, reload only the affected services, prove access with a NEW session, verify,
 * confirm (disarm), unlock. A failure before activation leaves the host untouched; after it,
 * the host returns to the previous generation.
 */
public final class Applier {

    /** Checks a host after activation; returns findings (and throws if the host is unusable). */
    @FunctionalInterface
    public interface PostCheck {
        List<Finding> check(Host host);
    }

    private final ApplyContext context;

    public Applier(ApplyContext context) {
        this.context = context;
    }

    public HostApplyResult apply(Host host, HostPlan plan, PostCheck postCheck) {
        HostRun run = new HostRun(host, plan);
        if (!plan.hasChanges()) {
            return run.result(HostApplyResult.Status.UNCHANGED, null, List.of(), null);
        }
        String generation = context.newGenerationId();
        try {
            HostLock.acquire(host, generation, context);
        } catch (HostException e) {
            return run.result(HostApplyResult.Status.FAILED, null, List.of(), e.getMessage());
        }
        try {
            return applyLocked(run, generation, postCheck);
        } finally {
            HostLock.release(host, generation);
        }
    }

    private HostApplyResult applyLocked(HostRun run, String generation, PostCheck postCheck) {
        boolean guarded = run.host.canLoseAccess() && run.plan.changes().stream().anyMatch(c -> c.desired().canCutAccess());
        boolean activated = false;
        try {
            String problem = run.stageAndValidate();
            if (problem != null) {
                run.discard();
                return run.result(HostApplyResult.Status.FAILED, null, List.of(), problem);
            }
            long revertAfter = guarded ? context.confirmTimeout().toSeconds() : 0;
            ExecResult result = run.exec(activateCommand(run.plan, generation, revertAfter));
            if (result.exitCode() == 3) {
                run.discard();
                return run.result(HostApplyResult.Status.FAILED, null, List.of(), result.reason()
                        + ": nothing changed; plan again");
            }
            if (!result.ok()) { // some files may already be in place: put back whatever the generation recorded
                revertNow(run, generation, "activation failed");
                run.discard();
                return run.result(HostApplyResult.Status.ROLLED_BACK, generation, List.of(), "activation failed: "
                        + result.reason());
            }
            activated = true;
            run.steps.add("activated " + run.plan.changes().size() + " file(s) as generation " + generation
                    + (revertAfter > 0 ? " (reverts itself in " + revertAfter + " s unless confirmed)" : ""));
            String failure = run.reload();
            if (failure == null && guarded) {
                String cutOff = accessCheck(run.host);
                if (cutOff != null) {
                    failure = "reverted: the new configuration cut off access: " + cutOff;
                } else {
                    run.steps.add("a new SSH session logged in and ran sudo");
                }
            }
            if (failure != null) {
                revertNow(run, generation, failure);
                return run.result(HostApplyResult.Status.ROLLED_BACK, generation, List.of(), failure);
            }
            List<Finding> findings = postCheck.check(run.host);
            ExecResult confirmed = run.exec(Command.of("confirm generation", RemoteScripts.CONFIRM, generation,
                    "complete", String.valueOf(context.keepGenerations()), "reloaded=" + String.join(",", run.reloaded)));
            if (confirmed.exitCode() == 6) {
                return run.result(HostApplyResult.Status.ROLLED_BACK, generation, findings, "reverted: the revert timer"
                        + " fired before harden confirmed the change (raise --confirm-timeout)");
            }
            if (guarded) {
                run.steps.add("confirmed: revert timer disarmed");
            }
            return run.result(HostApplyResult.Status.APPLIED, generation, findings, null);
        } catch (HostException e) {
            String message = e.getMessage();
            if (activated && guarded) {
                message += "; the host reverts generation " + generation + " by itself within "
                        + context.confirmTimeout().toSeconds() + " s";
            }
            return run.result(activated ? HostApplyResult.Status.ROLLED_BACK : HostApplyResult.Status.FAILED,
                    activated ? generation : null, List.of(), message);
        }
    }

    /**
     * Opens new sessions until one logs in and runs sudo, for a few seconds: a reloading sshd
     * refuses connections for a moment. Returns null, or the last reason access failed.
     */
    private String accessCheck(Host host) {
        long deadline = System.nanoTime() + Math.min(10, context.confirmTimeout().toSeconds() / 3) * 1_000_000_000L;
        String reason;
        do {
            reason = host.probeNewSession();
            if (reason == null) {
                return null;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return reason;
            }
        } while (System.nanoTime() < deadline);
        return reason;
    }

    private static void revertNow(HostRun run, String generation, String reason) {
        ExecResult reverted = run.exec(Command.of("revert generation " + generation, RemoteScripts.REVERT_NOW,
                generation, reason));
        run.steps.add(reverted.ok() ? "restored the files of the previous generation and reloaded"
                : "REVERT FAILED: " + reverted.reason());
    }

    private Command activateCommand(HostPlan plan, String generation, long revertAfter) {
        StringBuilder lines = new StringBuilder();
        for (FileChange change : plan.changes()) {
            DesiredFile file = change.desired();
            String reloads = file.reloads().stream().map(r -> r.unit() + ":" + r.pidFile())
                    .collect(Collectors.joining(","));
            lines.append(String.join("\t", file.path(), change.before().fingerprint(),
                    file.remove() ? "remove" : "replace", file.module(), reloads.isEmpty() ? "-" : reloads,
                    file.validator().map(Validator::spec).orElse("-"))).append('\n');
        }
        return new Command("activate", RemoteScripts.ACTIVATE, List.of(generation, context.commit(),
                context.operator(), context.kind(), String.valueOf(revertAfter), RemoteScripts.REVERT),
                lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    }

    /** One host's apply: its steps and what was reloaded. */
    private static final class HostRun {
        private final Host host;
        private final HostPlan plan;
        private final List<String> steps = new ArrayList<>();
        private final List<String> reloaded = new ArrayList<>();

        HostRun(Host host, HostPlan plan) {
            this.host = host;
            this.plan = plan;
        }

        ExecResult exec(Command command) {
            return host.run(command);
        }

        /** Returns null when every file is staged and valid, else what failed. */
        String stageAndValidate() {
            List<DesiredFile> files = plan.changes().stream().map(FileChange::desired).filter(f -> !f.remove()).toList();
            for (DesiredFile file : files) {
                ExecResult staged = exec(new Command("stage " + file.path(), RemoteScripts.STAGE,
                        List.of(file.path(), Integer.toOctalString(file.mode()), file.owner(), file.group()),
                        file.content(), null));
                if (!staged.ok()) {
                    return "cannot write " + file.path() + ".harden-new: " + staged.reason();
                }
            }
            steps.add("staged " + files.size() + " file(s)");
            for (DesiredFile file : files) {
                if (file.validator().isEmpty()) {
                    continue;
                }
                List<String> argv = file.validator().get().forPath(file.path() + ".harden-new");
                ExecResult result = exec(new Command("validate " + file.path(), RemoteScripts.VALIDATE, argv, null, null));
                if (result.exitCode() == 99) {
                    steps.add(file.path() + ": " + result.out().strip());
                } else if (!result.ok()) {
                    return file.path() + " is invalid, nothing was changed; " + file.validator().get().display()
                            + " says: " + (result.out() + result.err()).strip().replace('\n', ' ');
                } else {
                    steps.add("validated " + file.path() + " (" + file.validator().get().display() + ")");
                }
            }
            return null;
        }

        void discard() {
            List<String> paths = plan.changes().stream().map(FileChange::path).toList();
            exec(new Command("discard staged files", RemoteScripts.DISCARD, paths, null, null));
        }

        /** Reloads each service whose files changed content, once. Returns null or what failed. */
        String reload() {
            Set<Reload> reloads = new LinkedHashSet<>();
            plan.changes().stream().filter(FileChange::contentChanges).forEach(c -> reloads.addAll(c.desired().reloads()));
            for (Reload reload : reloads) {
                ExecResult result = exec(Command.of("reload " + reload.unit(), RemoteScripts.RELOAD, reload.unit(),
                        reload.pidFile()));
                if (!result.ok()) {
                    return "reloading " + reload.describe() + " failed: " + result.reason() + "; the previous files are restored";
                }
                reloaded.add(reload.unit());
                steps.add("reloaded " + reload.describe());
            }
            return null;
        }

        HostApplyResult result(HostApplyResult.Status status, String generation, List<Finding> findings, String error) {
            return new HostApplyResult(plan.host(), status, generation, steps, reloaded, findings, error);
        }
    }
}
