package dev.harden.apply;

import dev.harden.resource.Change;
import dev.harden.resource.DirectoryResource;
import dev.harden.resource.FileResource;
import dev.harden.resource.Kinds;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Reload;
import dev.harden.resource.SecretResource;
import dev.harden.resource.State;
import dev.harden.resource.UnitResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scripts of the change protocol's steps for one generation, built from the plan. Each step
 * checks it still holds the host lock; each exits with a code the applier reads: 3 the host
 * changed since the plan, 4 nothing could be recorded (disk full?), 5 the lock is gone, other
 * non-zero codes a failure part way (the generation's revert puts back what was done).
 */
final class Steps {

    /** Which phase of a generation a change belongs to. */
    enum Phase {
        /** Before staging: packages installed, directories created, secrets generated. */
        PREPARE,
        /** Files and links renamed into place, directories removed, units set. */
        ACTIVATE,
        /** After services reloaded: packages purged (a rollback of an install). */
        FINISH
    }

    private final String library;
    private final String generation;
    private final String token;
    private final ApplyContext context;

    Steps(String library, String generation, String token, ApplyContext context) {
        this.library = library;
        this.generation = generation;
        this.token = token;
        this.context = context;
    }

    /**
     * The changes of one phase in the order they are made (and numbered, so a revert undoes them
     * the other way round): directories to create parents first, directories to remove after
     * everything else and children first, the rest in plan order.
     */
    static List<Change> inOrder(List<Change> changes) {
        List<Change> ordered = new ArrayList<>();
        changes.stream().filter(c -> c.desired() instanceof DirectoryResource d && !d.absent())
                .sorted(java.util.Comparator.comparingInt(c -> depth(c.id().key()))).forEach(ordered::add);
        changes.stream().filter(c -> !(c.desired() instanceof DirectoryResource)).forEach(ordered::add);
        changes.stream().filter(c -> c.desired() instanceof DirectoryResource d && d.absent())
                .sorted(java.util.Comparator.comparingInt((Change c) -> depth(c.id().key())).reversed())
                .forEach(ordered::add);
        return ordered;
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    static Phase phase(Change change) {
        if (change.desired() instanceof PackageResource pkg) {
            return pkg.present() ? Phase.PREPARE : Phase.FINISH;
        }
        if (change.desired() instanceof DirectoryResource dir) {
            return dir.absent() ? Phase.ACTIVATE : Phase.PREPARE;
        }
        return change.desired() instanceof SecretResource ? Phase.PREPARE : Phase.ACTIVATE;
    }

    /** Begins the generation and makes the PREPARE changes: packages, directories, secrets. */
    String prepare(GenerationRecord record, List<GenerationRecord.Entry> entries) {
        Script script = begin(entries, record, true);
        List<Integer> installs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (GenerationRecord.Entry entry : entries) {
            if (entry.change().desired() instanceof PackageResource pkg) {
                installs.add(entry.index());
                names.add(pkg.name());
            }
        }
        if (!installs.isEmpty()) {
            script.callOrExit(PackageResource.transaction(true, installs, names), 1);
        }
        for (GenerationRecord.Entry entry : entries) {
            if (!(entry.change().desired() instanceof PackageResource)) {
                script.callOrExit(entry.change().desired().apply(entry.index()), 1);
            }
        }
        return script.line("exit 0").text();
    }

    /** Stages every file to write beside its target and runs each validator, framed. */
    String stage(List<FileResource> files) {
        Script script = new Script(library).callOrExit(List.of("holds_lock", token), 5);
        for (FileResource file : files) {
            script.callWithData(List.of("stage", file.path(), Integer.toOctalString(file.mode()), file.owner(),
                    file.group(), State.sha256(file.content())), file.content(), "exit 1");
        }
        for (int i = 0; i < files.size(); i++) {
            FileResource file = files.get(i);
            if (file.validator().isPresent()) {
                List<String> call = new ArrayList<>(List.of("frame", "v" + i, "validate", file.path()));
                call.addAll(file.validator().get().forPath(staged(file.path())));
                script.call(call).line("rc=$?; [ $rc = 0 ] || [ $rc = 99 ] || exit 2");
            }
        }
        return script.line("exit 0").text();
    }

    /**
     * Checks the host is still what the plan saw, records the generation (backups checked against
     * the plan, manifest, undo lines, its own code), arms the revert timer, then makes the ACTIVATE
     * changes in order, units last.
     */
    String activate(GenerationRecord record, List<GenerationRecord.Entry> entries, boolean begun, long revertAfter) {
        Script script = begin(entries, record, !begun);
        script.callOr(List.of("arm_revert", generation, String.valueOf(revertAfter)), "abort");
        boolean unitFiles = false;
        for (GenerationRecord.Entry entry : entries) {
            if (entry.change().desired() instanceof UnitResource) {
                continue;
            }
            script.callOrExit(entry.change().desired().apply(entry.index()), 1);
            unitFiles |= entry.change().desired() instanceof FileResource file && file.isUnitFile();
        }
        if (unitFiles) {
            script.callOrExit(List.of("daemon_reload"), 1);
        }
        for (GenerationRecord.Entry entry : entries) {
            if (entry.change().desired() instanceof UnitResource) {
                script.callOrExit(entry.change().desired().apply(entry.index()), 1);
            }
        }
        return script.line("exit 0").text();
    }

    /** Reloads each service once (framed, stops at the first failure), then the FINISH changes. */
    String services(List<Reload> reloads, List<GenerationRecord.Entry> finish) {
        Script script = new Script(library).callOrExit(List.of("holds_lock", token), 5)
                .callOrExit(List.of("use_generation", generation), 4);
        for (int i = 0; i < reloads.size(); i++) {
            script.callOrExit(List.of("frame", "r" + i, "reload_unit", reloads.get(i).unit(), reloads.get(i).pidFile()), 2);
        }
        if (!finish.isEmpty()) {
            script.callOrExit(PackageResource.transaction(false, finish.stream().map(GenerationRecord.Entry::index)
                    .toList(), finish.stream().map(e -> ((PackageResource) e.change().desired()).name()).toList()), 3);
        }
        return script.line("exit 0").text();
    }

    String confirm(List<String> keyValues) {
        List<String> call = new ArrayList<>(List.of("confirm_generation", generation,
                String.valueOf(context.keepGenerations())));
        call.addAll(keyValues);
        return new Script(library).call(call).line("exit $?").text();
    }

    String revertNow(String reason) {
        return new Script(library).callOrExit(List.of("use_generation", generation), 4)
                .line("revert_generation \"$g\" now " + dev.harden.transport.Shell.quote(reason)).line("exit $?").text();
    }

    String discard(List<String> paths) {
        List<String> call = new ArrayList<>(List.of("discard"));
        call.addAll(paths);
        return new Script(library).call(call).line("exit 0").text();
    }

    /** The staged copy's path, as the on-host function beside() names it. */
    static String staged(String path) {
        int slash = path.lastIndexOf('/');
        return (slash == 0 ? "" : path.substring(0, slash)) + "/." + path.substring(slash + 1) + ".harden-new";
    }

    /**
     * The start of PREPARE and ACTIVATE: lock held, every precondition checked (exit 3), the
     * generation begun (or reopened), backups taken and checked, records written (exit 4).
     */
    private Script begin(List<GenerationRecord.Entry> entries, GenerationRecord record, boolean create) {
        Script script = new Script(library).callOrExit(List.of("holds_lock", token), 5);
        for (GenerationRecord.Entry entry : entries) {
            Change change = entry.change();
            List<String> expect = new ArrayList<>(List.of("expect", change.id().kind().function()));
            expect.addAll(Kinds.fingerprintCall(change.id()).subList(1, 3));
            expect.add(change.precondition());
            script.call(expect);
        }
        if (create) {
            script.line("new=1").callOrExit(List.of("begin_generation", generation, context.kind(), context.commit(),
                    context.operator()), 4);

        } else {
            script.line("new=0").callOrExit(List.of("use_generation", generation), 4);
        }
        script.line("abort() { [ \"$new\" = 1 ] && rm -rf \"$g\"; exit 4; }");
        if (create && !context.meta().isEmpty()) { // what the run is, beside who made it from which commit
            List<String> mark = new ArrayList<>(List.of("mark"));
            mark.addAll(context.meta());
            script.callOr(mark, "abort");
        }
        for (GenerationRecord.Entry entry : entries) {
            if (entry.change().before() instanceof State.File file && entry.change().desired() instanceof FileResource) {
                script.callOr(List.of("backup", String.valueOf(entry.index()), entry.change().id().key(),
                        State.sha256(file.content()), String.valueOf(file.content().length)), "abort");
            }
        }
        record(script, "manifest.jsonl", record.manifest());
        record(script, "undo", record.undo());
        record(script, "after", record.after());
        record(script, "lib.sh", library);
        script.callOr(List.of("arm_revert", generation, "0"), "abort"); // revert.sh, so the generation can be undone
        return script;
    }

    private static void record(Script script, String name, String content) {
        byte[] bytes = Script.utf8(content);
        script.callWithData(List.of("write_record", name, State.sha256(bytes)), bytes, "abort");
    }

    /** Every distinct reload of the changes that affect services, in plan order. */
    static List<Reload> reloads(List<Change> changes) {
        Set<Reload> reloads = new LinkedHashSet<>();
        changes.stream().filter(Change::affectsServices).forEach(c -> reloads.addAll(c.desired().reloads()));
        return List.copyOf(reloads);
    }
}
