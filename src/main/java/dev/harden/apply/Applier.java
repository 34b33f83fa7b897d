package dev.harden.apply;

import dev.harden.module.DesiredFile;
import dev.harden.module.Finding;
import dev.harden.module.Reload;
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

/**
 * The change protocol, the only code that writes to a host: stage every file next to its
 * target, validate the staged files, check the host still is what the plan saw, record a
 * generation (backups) and rename into place, reload only the affected services, and verify.
 * A failure before activation leaves the host untouched; a failure after it restores the
 * generation's backups and reloads again.
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
        Run run = new Run(host, plan);
        if (!plan.hasChanges()) {
            return run.result(HostApplyResult.Status.UNCHANGED, null, List.of(), null);
        }
        try {
            String problem = run.stageAndValidate();
            if (problem != null) {
                run.discard();
                return run.result(HostApplyResult.Status.FAILED, null, List.of(), problem);
            }
            String generation = context.newGenerationId();
            ExecResult activated = run.exec(activateCommand(plan, generation));
            if (!activated.ok()) {
                run.discard();
                return run.result(HostApplyResult.Status.FAILED, null, List.of(), activated.exitCode() == 3
                        ? activated.reason() + ": nothing changed; plan again" : "activation failed: " + activated.reason());
            }
            run.steps.add("activated " + plan.changes().size() + " file(s) as generation " + generation);
            String failure = run.reload();
            List<Finding> findings = failure == null ? postCheck.check(host) : List.of();
            if (failure != null) {
                run.restore(generation);
                return run.result(HostApplyResult.Status.ROLLED_BACK, generation, List.of(), failure
                        + "; the previous files are restored");
            }
            run.exec(Command.of("mark generation", RemoteScripts.MARK, generation, "complete",
                    "reloaded=" + String.join(",", run.reloaded)));
            return run.result(HostApplyResult.Status.APPLIED, generation, findings, null);
        } catch (HostException e) {
            return run.result(HostApplyResult.Status.FAILED, null, List.of(), e.getMessage());
        }
    }

    private Command activateCommand(HostPlan plan, String generation) {
        List<String> args = new ArrayList<>(List.of(generation, context.commit(), context.operator()));
        for (FileChange change : plan.changes()) {
            args.add(change.path());
            args.add(change.before().fingerprint());
        }
        return new Command("activate", RemoteScripts.ACTIVATE, args, null, null);
    }

    /** One host's apply: its steps and what was reloaded. */
    private static final class Run {
        private final Host host;
        private final HostPlan plan;
        private final List<String> steps = new ArrayList<>();
        private final List<String> reloaded = new ArrayList<>();

        Run(Host host, HostPlan plan) {
            this.host = host;
            this.plan = plan;
        }

        ExecResult exec(Command command) {
            return host.run(command);
        }

        /** Returns null when every file is staged and valid, else what failed. */
        String stageAndValidate() {
            for (FileChange change : plan.changes()) {
                DesiredFile file = change.desired();
                ExecResult staged = exec(new Command("stage " + file.path(), RemoteScripts.STAGE,
                        List.of(file.path(), Integer.toOctalString(file.mode()), file.owner(), file.group()),
                        file.content(), null));
                if (!staged.ok()) {
                    return "cannot write " + file.path() + ".harden-new: " + staged.reason();
                }
            }
            steps.add("staged " + plan.changes().size() + " file(s)");
            for (FileChange change : plan.changes()) {
                DesiredFile file = change.desired();
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
                    return "reloading " + reload.unit() + " failed: " + result.reason();
                }
                reloaded.add(reload.unit());
                steps.add("reloaded " + reload.unit());
            }
            return null;
        }

        void restore(String generation) {
            ExecResult restored = exec(Command.of("restore generation " + generation, RemoteScripts.RESTORE, generation));
            steps.add(restored.ok() ? "restored the files of generation " + generation
                    : "RESTORE FAILED: " + restored.reason());
            exec(Command.of("mark generation", RemoteScripts.MARK, generation, "reverted"));
            Set<Reload> reloads = new LinkedHashSet<>();
            plan.changes().forEach(c -> reloads.addAll(c.desired().reloads()));
            for (Reload reload : reloads) {
                exec(Command.of("reload " + reload.unit(), RemoteScripts.RELOAD, reload.unit(), reload.pidFile()));
            }
        }

        HostApplyResult result(HostApplyResult.Status status, String generation, List<Finding> findings, String error) {
            return new HostApplyResult(plan.host(), status, generation, steps, reloaded, findings, error);
        }
    }
}
