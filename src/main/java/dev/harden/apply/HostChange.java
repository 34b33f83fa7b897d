package dev.harden.apply;

import dev.harden.module.Finding;
import dev.harden.plan.HostPlan;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.resource.Reload;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Frames;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One host going through the change protocol once (see {@link Applier}); its story becomes the result. */
final class HostChange {

    /** Installing packages may take a while (downloads, the package manager's lock). */
    private static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(15);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Host host;
    private final String generation;
    private final Steps steps;
    private final ApplyContext context;
    private final GenerationRecord record = new GenerationRecord();
    private final List<String> story = new ArrayList<>();
    private final List<String> reloaded = new ArrayList<>();
    private HostPlan plan;
    private boolean begun;
    private Instant revertsAt;

    HostChange(Host host, HostPlan plan, String generation, Steps steps, ApplyContext context) {
        this.host = host;
        this.plan = plan;
        this.generation = generation;
        this.steps = steps;
        this.context = context;
    }

    /**
     * The first phase: the preparing changes (packages, directories, secrets), if the plan has any.
     * Null when there were none or they were made; otherwise the host's result (back as it was).
     */
    HostApplyResult prepare() {
        List<Change> prepare = only(plan.changes(), Steps.Phase.PREPARE);
        if (prepare.isEmpty()) {
            return null;
        }
        try {
            return prepare(prepare);
        } catch (HostException e) {
            return unknown(e.getMessage(), false);
        }
    }

    /** True once the generation began (the preparing changes were made). */
    boolean prepared() {
        return begun;
    }

    /**
     * The second phase: after preparing, the host is planned again (its packages brought files,
     * its peers may have new keys); then stage, validate, activate, reload, verify, confirm.
     */
    HostApplyResult proceed(Applier.Replanner replanner, Applier.PostCheck postCheck) {
        boolean guarded = false;
        try {
            List<Change> rest = plan.changes();
            if (begun) {
                try {
                    plan = replanner.replan(host);
                } catch (HostException e) {
                    throw e;
                } catch (RuntimeException e) {
                    return revert("planning the host again after preparing it failed: " + e.getMessage(),
                            HostApplyResult.Status.FAILED);
                }
                rest = plan.changes();
                if (!only(rest, Steps.Phase.PREPARE).isEmpty()) {
                    return revert(only(rest, Steps.Phase.PREPARE).get(0).summary()
                            + " is still to do after preparing the host", HostApplyResult.Status.FAILED);
                }
                story.add("planned again with the prepared changes in place: " + (rest.isEmpty()
                        ? "nothing else to change" : String.join("; ", rest.stream().map(Change::summary).toList())));
            }
            guarded = host.canLoseAccess() && rest.stream().anyMatch(c -> c.desired().canCutAccess());
            List<FileResource> files = rest.stream().map(Change::desired).filter(FileResource.class::isInstance)
                    .map(FileResource.class::cast).filter(f -> !f.absent()).toList();
            String invalid = stageAndValidate(files);
            if (invalid != null) {
                discard(rest);
                return begun ? revert(invalid, HostApplyResult.Status.FAILED) : failed(invalid);
            }
            List<GenerationRecord.Entry> activate = record.add(only(rest, Steps.Phase.ACTIVATE));
            List<GenerationRecord.Entry> finish = record.add(only(rest, Steps.Phase.FINISH));
            if (activate.isEmpty() && finish.isEmpty()) {
                return confirmOnly(postCheck);
            }
            HostApplyResult failed = activate(activate, guarded, rest);
            if (failed != null) {
                return failed;
            }
            return finish(rest, finish, guarded, postCheck);
        } catch (HostException e) {
            return unknown(e.getMessage(), guarded);
        }
    }

    /** The run cannot continue with this host: its preparing changes are undone. */
    HostApplyResult abandon(String why) {
        try {
            return begun ? revert(why, HostApplyResult.Status.FAILED) : failed(why);
        } catch (HostException e) {
            return unknown(e.getMessage(), false);
        }
    }

    /** Only preparing changes were needed: the generation is confirmed as it is. */
    private HostApplyResult confirmOnly(Applier.PostCheck postCheck) {
        List<Finding> findings;
        try {
            findings = postCheck.check(host);
        } catch (RuntimeException e) {
            return revert("verifying the host after the change failed, so it is not confirmed: " + e.getMessage(),
                    HostApplyResult.Status.ROLLED_BACK);
        }
        ExecResult confirmed = exec(new Command("confirm generation", steps.confirm(List.of()), List.of(), null));
        if (!confirmed.ok()) {
            return revert("could not confirm generation " + generation + ": " + confirmed.reason(),
                    HostApplyResult.Status.ROLLED_BACK);
        }
        return result(HostApplyResult.Status.APPLIED, findings, null);
    }

    /** Packages, directories, secrets; the generation begins here. Null when it worked. */
    private HostApplyResult prepare(List<Change> prepare) {
        List<GenerationRecord.Entry> entries = record.add(prepare);
        ExecResult result = exec(new Command("prepare the host", steps.prepare(record, entries), List.of(),
                PREPARE_TIMEOUT));
        switch (result.exitCode()) {
            case 0 -> {
                begun = true;
                result.out().lines().filter(l -> !l.isBlank()).forEach(story::add);
                return null;
            }
            case 3 -> {
                return failed(result.reason() + ": nothing changed; plan again");
            }
            case 4, 5 -> {
                return failed("could not begin generation " + generation + ": " + result.reason() + "; nothing changed");
            }
            default -> {
                begun = true;
                return revert("preparing the host failed: " + result.reason(), HostApplyResult.Status.FAILED);
            }
        }
    }

    /** Stages every file and runs the validators. Null when all are valid, else what to report. */
    private String stageAndValidate(List<FileResource> files) {
        if (files.isEmpty()) {
            return null;
        }
        ExecResult result = exec(new Command("stage and validate", steps.stage(files), List.of(), null));
        if (result.exitCode() == 1 || result.exitCode() == 5) {
            return "cannot stage the new files: " + result.reason() + "; nothing was changed";
        }
        story.add("staged " + files.size() + " file(s)");
        Map<String, byte[]> frames = Frames.parse(host.name(), result.stdout());
        for (int i = 0; i < files.size(); i++) {
            FileResource file = files.get(i);
            if (file.validator().isEmpty() || !frames.containsKey("v" + i + ".rc")) {
                continue;
            }
            String rc = text(frames.get("v" + i + ".rc")).strip();
            // a validator may quote the file it checks (visudo and sshd print the offending line)
            String output = file.sensitive() ? null : text(frames.getOrDefault("v" + i, new byte[0])).strip();
            String validator = file.validator().get().display();
            if (rc.equals("0")) {
                story.add("validated " + file.path() + " (" + validator + ")");
            } else if (rc.equals("99")) {
                story.add(file.path() + ": " + (output != null ? output
                        : "not validated (the validator's message is withheld: the file is sensitive)"));
            } else {
                return file.path() + " is invalid, nothing was changed; " + validator + (output != null
                        ? " says: " + output.replace('\n', ' ')
                        : " failed (its output is withheld: the file is sensitive)");
            }
        }
        if (!result.ok()) {
            return "validation failed: " + result.reason() + "; nothing was changed";
        }
        return null;
    }

    /** Records the generation, arms the revert timer, makes the changes. Null when it worked. */
    private HostApplyResult activate(List<GenerationRecord.Entry> entries, boolean guarded, List<Change> rest) {
        long revertAfter = guarded ? context.confirmTimeout().toSeconds() : 0;
        if (guarded) {
            revertsAt = Instant.now().plusSeconds(revertAfter);
        }
        ExecResult result = exec(new Command("activate generation " + generation,
                steps.activate(record, entries, begun, revertAfter), List.of(), null));
        if (result.exitCode() == 3 || result.exitCode() == 4 || result.exitCode() == 5) {
            discard(rest);
            String why = result.exitCode() == 3 ? result.reason() + ": nothing changed; plan again"
                    : "could not record generation " + generation + ": " + result.reason() + "; nothing changed";
            return begun ? revert(why, HostApplyResult.Status.FAILED) : failed(why);
        }
        begun = true;
        if (!result.ok()) {
            discard(rest);
            return revert("activation failed: " + result.reason(), HostApplyResult.Status.ROLLED_BACK);
        }
        story.add("activated " + record.entries().size() + " change(s) as generation " + generation
                + (guarded ? " (reverts itself at " + CLOCK.format(revertsAt) + " unless confirmed)" : ""));
        return null;
    }

    /** Reloads, FINISH changes, the access check, verification, confirmation. */
    private HostApplyResult finish(List<Change> rest, List<GenerationRecord.Entry> finish, boolean guarded,
                                   Applier.PostCheck postCheck) {
        List<Reload> reloads = Steps.reloads(rest);
        ExecResult result = exec(new Command("reload services", steps.services(reloads, finish), List.of(),
                finish.isEmpty() ? null : PREPARE_TIMEOUT));
        Map<String, byte[]> frames = Frames.parse(host.name(), result.stdout());
        for (int i = 0; i < reloads.size(); i++) {
            String rc = text(frames.getOrDefault("r" + i + ".rc", new byte[0])).strip();
            if (rc.equals("0")) {
                reloaded.add(reloads.get(i).unit());
                story.add("reloaded " + reloads.get(i).describe());
            } else if (!rc.isEmpty()) {
                return revert("reloading " + reloads.get(i).describe() + " failed: "
                        + lastLine(text(frames.getOrDefault("r" + i, new byte[0]))), HostApplyResult.Status.ROLLED_BACK);
            }
        }
        if (!result.ok()) {
            return revert("finishing failed: " + result.reason(), HostApplyResult.Status.ROLLED_BACK);
        }
        result.out().lines().filter(l -> !l.isBlank() && !l.startsWith("@@harden ")).forEach(story::add);
        if (guarded) {
            String cutOff = new AccessCheck(context).check(host);
            if (cutOff != null) {
                return revert("reverted: the new configuration cut off access: " + cutOff,
                        HostApplyResult.Status.ROLLED_BACK);
            }
            story.add("a new SSH session logged in and ran sudo");
        }
        List<Finding> findings;
        try {
            findings = postCheck.check(host);
        } catch (RuntimeException e) { // a host that answers nonsense now is not confirmed: it goes back
            return revert("verifying the host after the change failed, so it is not confirmed: " + e.getMessage(),
                    HostApplyResult.Status.ROLLED_BACK);
        }
        List<String> confirmation = List.of("reloaded", String.join(",", reloaded));
        ExecResult confirmed = exec(new Command("confirm generation", steps.confirm(confirmation), List.of(), null));
        if (confirmed.exitCode() == 6) {
            return result(HostApplyResult.Status.ROLLED_BACK, findings, "reverted: the revert timer fired before"
                    + " harden confirmed the change (raise --confirm-timeout)");
        }
        if (!confirmed.ok()) { // an unconfirmed change is not left to the timer: it goes back now
            return revert("could not confirm generation " + generation + ": " + confirmed.reason(),
                    HostApplyResult.Status.ROLLED_BACK);
        }
        if (guarded) {
            story.add("confirmed: revert timer disarmed");
        }
        return result(HostApplyResult.Status.APPLIED, findings, null);
    }

    /** Puts the host back as it was before this generation; the result says whether all came back. */
    private HostApplyResult revert(String why, HostApplyResult.Status ifComplete) {
        ExecResult result = exec(new Command("revert generation " + generation, steps.revertNow(why), List.of(),
                PREPARE_TIMEOUT));
        result.out().lines().filter(l -> !l.isBlank()).forEach(l -> story.add("revert: " + l));
        if (result.ok()) {
            story.add("the host is back as it was before generation " + generation);
            return result(ifComplete == HostApplyResult.Status.FAILED ? HostApplyResult.Status.ROLLED_BACK : ifComplete,
                    List.of(), why);
        }
        String left = String.join("; ", result.err().lines().filter(l -> !l.isBlank()).toList());
        return result(HostApplyResult.Status.REVERT_INCOMPLETE, List.of(), why + "; REVERT INCOMPLETE: "
                + (left.isEmpty() ? result.reason() : left) + " (see harden history -l " + host.name() + ")");
    }

    private HostApplyResult unknown(String message, boolean guarded) {
        if (!begun) {
            return failed(message);
        }
        return result(HostApplyResult.Status.UNKNOWN, List.of(), message + "; outcome unknown:" + whenReverts(guarded)
                + "; run harden history -l " + host.name());
    }

    private String whenReverts(boolean guarded) {
        return revertsAt != null && guarded ? " the host reverts generation " + generation + " by itself at "
                + CLOCK.format(revertsAt) + " unless it was confirmed"
                : " no revert timer was armed, so the host stays as the change left it";
    }

    private void discard(List<Change> changes) {
        List<String> paths = changes.stream().map(Change::desired).filter(FileResource.class::isInstance)
                .map(c -> ((FileResource) c).path()).toList();
        if (!paths.isEmpty()) {
            try {
                exec(new Command("discard staged files", steps.discard(paths), List.of(), null));
            } catch (HostException e) {
                // the staged dot-files stay; no scanner reads them, the next run replaces them
            }
        }
    }

    private HostApplyResult failed(String error) {
        return result(HostApplyResult.Status.FAILED, List.of(), error);
    }

    private HostApplyResult result(HostApplyResult.Status status, List<Finding> findings, String error) {
        boolean recorded = begun && status != HostApplyResult.Status.FAILED;
        return new HostApplyResult(plan.host(), status, recorded ? generation : null, story, reloaded, findings, error);
    }

    private ExecResult exec(Command command) {
        return host.run(command);
    }

    private static List<Change> only(List<Change> changes, Steps.Phase phase) {
        return Steps.inOrder(changes.stream().filter(c -> Steps.phase(c) == phase).toList());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
