package dev.harden.plan;

import dev.harden.desired.DesiredState;
import dev.harden.facts.Facts;
import dev.harden.facts.FileState;
import dev.harden.inventory.HostEntry;
import dev.harden.module.DesiredFile;
import dev.harden.module.Finding;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.policy.HostPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Plans one host: a pure function of its facts and the desired state. */
public final class Planner {

    private Planner() {
    }

    public static HostPlan plan(HostEntry host, Facts facts, DesiredState state) {
        HostPolicy policy = state.policyFor(host);
        ModuleInput input = new ModuleInput(host.name(), facts, policy, state.templates());
        List<FileChange> changes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<ChangeNote> notes = new ArrayList<>();
        for (Module module : state.modules().all()) {
            ModuleResult result = module.plan(input);
            findings.addAll(result.findings());
            int before = changes.size();
            for (DesiredFile file : result.files()) {
                compare(facts.file(file.path()), file, state.source().shortCommit()).ifPresent(changes::add);
            }
            if (changes.size() == before) {
                findings.addAll(module.verify(input)); // files in place: is their effect what the policy says?
            } else {
                result.changes().forEach(text -> notes.add(new ChangeNote(module.name(), text)));
            }
        }
        return new HostPlan(host.name(), host.target(), facts.summary(), changes, findings, notes);
    }

    /** The change that turns {@code current} into {@code desired}, if any; {@code label} names the new side. */
    public static java.util.Optional<FileChange> compare(FileState current, DesiredFile desired, String commit) {
        if (desired.remove()) {
            return current instanceof FileState.Absent ? java.util.Optional.empty() : java.util.Optional.of(
                    new FileChange(current, desired, desired.sensitive() ? "(sensitive: content not shown)\n"
                            : TextDiff.unified(desired.path(), ((FileState.Present) current).content(), null, commit)));
        }
        if (current instanceof FileState.Present p && Arrays.equals(p.content(), desired.content())
                && p.mode() == desired.mode() && p.owner().equals(desired.owner()) && p.group().equals(desired.group())) {
            return java.util.Optional.empty();
        }
        byte[] before = current instanceof FileState.Present p ? p.content() : null;
        String diff;
        if (desired.sensitive()) {
            diff = "(sensitive: content not shown)\n";
        } else {
            diff = TextDiff.unified(desired.path(), before, desired.content(), commit.isEmpty() ? "desired" : commit);
        }
        return java.util.Optional.of(new FileChange(current, desired, diff));
    }
}
