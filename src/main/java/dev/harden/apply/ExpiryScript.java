package dev.harden.apply;

import dev.harden.facts.Exemption;
import dev.harden.resource.AfterState;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Reload;
import dev.harden.resource.State;
import dev.harden.resource.UnitResource;
import dev.harden.state.ManifestEntry;
import dev.harden.transport.Shell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file that holds an exception on a host and ends it there: the exception's header, the
 * on-host library (protocol.sh, kinds.sh, the modules' functions: the code this harden made it
 * with), and the steps that put back what the exception changed, computed by the planner as the
 * desired state WITHOUT the exception ("expiry targets"). The host runs it by itself at the end
 * (expire_exception in protocol.sh: lock, a new generation of kind expiry with checked backups,
 * manifest, undo and after records, files staged and validated, renamed into place, services
 * reloaded; any failure reverts that generation), with no controller and no network.
 *
 * <p>Each change keeps its precondition: the state the planner expects the resource in when the
 * exception ends (what the apply that wrote this file left there). A resource found otherwise was
 * changed by hand since: the host leaves it alone and records it as skipped (the next plan shows
 * it), rather than overwrite what it cannot account for.
 */
public final class ExpiryScript {

    private static final String LIB_BEGIN = "# >>> harden library";
    private static final String LIB_END = "# <<< harden library";

    private ExpiryScript() {
    }

    /**
     * The exception file for {@code exemption}: its changes (each from the state the host is in until
     * the exception ends to the state without it), planned at {@code commit}, the generations the
     * host keeps, and the modules' on-host code.
     */
    public static byte[] build(Exemption exemption, String commit, List<Change> changes, int keep, String modulesCode) {
        List<Change> ordered = new ArrayList<>();
        for (Steps.Phase phase : Steps.Phase.values()) {
            ordered.addAll(Steps.inOrder(changes.stream().filter(c -> Steps.phase(c) == phase).toList()));
        }
        GenerationRecord record = new GenerationRecord();
        List<GenerationRecord.Entry> entries = record.add(ordered);
        StringBuilder text = new StringBuilder(exemption.header());
        text.append("""
                #
                # This host ends the exception by itself at its end (an on-host timer, harden-expire-ID, armed
                # by harden; after a reboot, harden-local expire): this file is the code it runs then. It puts
                # back what the exception changed, as the desired state is without it, through the checked
                # steps of every harden change: a new generation (kind expiry) with backups, staged and
                # validated files, reloads, and a revert if anything fails. A resource changed by hand since
                # is left alone and named in the generation. To end the exception now: sh THIS-FILE --now
                """);
        text.append("X_ID=").append(Shell.quote(exemption.id())).append('\n')
                .append("X_UNTIL=").append(exemption.until().getEpochSecond()).append('\n')
                .append("X_COMMIT=").append(Shell.quote(commit)).append('\n')
                .append("X_KEEP=").append(keep).append('\n')
                .append("X_META=").append(Shell.quote(Shell.words(List.of("exception", exemption.id(), "exception_by",
                        exemption.by(), "exception_reason", exemption.reason(), "exception_until",
                        exemption.until().toString(), "exception_set", exemption.overlay())))).append('\n');
        text.append(LIB_BEGIN).append('\n').append(Protocol.library(modulesCode)).append(LIB_END).append('\n');
        text.append("x_ok() { case \"$ok\" in *\" $1 \"*) return 0;; esac; return 1; }\n");
        check(text, entries);
        record(text, entries, record);
        prepare(text, entries);
        stage(text, entries);
        activate(text, entries);
        services(text, entries, ordered);
        text.append("expire_exception \"$@\"\n");
        return Script.utf8(text.toString());
    }

    /** x_check: which steps start from the expected state (ok), which do not (skipped). */
    private static void check(StringBuilder text, List<GenerationRecord.Entry> entries) {
        text.append("x_check() {\n  ok=\" \"; skipped=\"\"\n");
        for (GenerationRecord.Entry entry : entries) {
            Change change = entry.change();
            List<String> call = AfterState.check(change.id(), change.before());
            text.append("  if ").append(Shell.words(call)).append(" 2> /dev/null; then ok=\"${ok}")
                    .append(entry.index())
                    .append(" \"; else skipped=\"$skipped \"").append(Shell.quote(change.id().label()))
                    .append("; fi\n");
        }
        text.append("}\n");
    }

    /** x_record: backups, manifest, undo and after lines of the steps that go ahead. */
    private static void record(StringBuilder text, List<GenerationRecord.Entry> entries, GenerationRecord record) {
        Map<Integer, List<String>> undo = byIndex(record.undo());
        Map<Integer, List<String>> after = byIndex(record.after());
        text.append("x_record() {\n  printf '%s\\n' ").append(Shell.quote(ManifestEntry.header()))
                .append(" > \"$g/manifest.jsonl\" && : > \"$g/undo\" && : > \"$g/after\" || return 1\n");
        for (GenerationRecord.Entry entry : entries) {
            Change change = entry.change();
            text.append("  if x_ok ").append(entry.index()).append("; then\n");
            if (change.before() instanceof State.File file && change.desired() instanceof FileResource) {
                text.append("    ").append(Shell.words(List.of("backup", String.valueOf(entry.index()),
                        change.id().key(), State.sha256(file.content()), String.valueOf(file.content().length))))
                        .append(" || return 1\n");
            }
            ManifestEntry line = ManifestEntry.of(entry.index(), change, change.desired().reloads(),
                    change.desired() instanceof FileResource f ? f.validator() : java.util.Optional.empty(),
                    change.sensitive());
            text.append("    printf '%s\\n' ").append(Shell.quote(line.toLine()))
                    .append(" >> \"$g/manifest.jsonl\" || return 1\n");
            for (String u : undo.getOrDefault(entry.index(), List.of())) {
                text.append("    printf '%s\\n' ").append(Shell.quote(u)).append(" >> \"$g/undo\" || return 1\n");
            }
            for (String a : after.getOrDefault(entry.index(), List.of())) {
                text.append("    printf '%s\\n' ").append(Shell.quote(a)).append(" >> \"$g/after\" || return 1\n");
            }
            text.append("  fi\n");
        }
        text.append("  sed -n '/^").append(LIB_BEGIN).append("$/,/^").append(LIB_END)
                .append("$/p' \"$0\" > \"$g/lib.sh\" || return 1\n}\n");
    }

    /** x_prepare: packages installed in one transaction, directories created, secrets generated. */
    private static void prepare(StringBuilder text, List<GenerationRecord.Entry> entries) {
        text.append("x_prepare() {\n  i=\"\"; n=\"\"\n");
        for (GenerationRecord.Entry entry : only(entries, Steps.Phase.PREPARE)) {
            if (entry.change().desired() instanceof PackageResource pkg) {
                text.append("  if x_ok ").append(entry.index()).append("; then i=\"$i ").append(entry.index())
                        .append("\"; n=\"$n ").append(pkg.name()).append("\"; fi\n");
            }
        }
        text.append("  if [ -n \"$i\" ]; then install_pkgs $i -- $n || return 1; fi\n");
        for (GenerationRecord.Entry entry : only(entries, Steps.Phase.PREPARE)) {
            if (!(entry.change().desired() instanceof PackageResource)) {
                okThen(text, entry, Shell.words(entry.change().desired().apply(entry.index())));
            }
        }
        text.append("  :\n}\n");
    }

    /** x_stage: every file to write staged beside its target, then validated. */
    private static void stage(StringBuilder text, List<GenerationRecord.Entry> entries) {
        text.append("x_stage() {\n");
        for (GenerationRecord.Entry entry : entries) {
            if (entry.change().desired() instanceof FileResource file && !file.absent()) {
                text.append("  if x_ok ").append(entry.index()).append("; then\n    ")
                        .append(Shell.words(List.of("stage", file.path(), Integer.toOctalString(file.mode()),
                                file.owner(), file.group(), State.sha256(file.content()))))
                        .append(" <<'HARDEN_BLOB_END' || return 1\n")
                        .append(java.util.Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(file.content()));
                if (file.content().length > 0) {
                    text.append('\n');
                }
                text.append("HARDEN_BLOB_END\n  fi\n");
            }
        }
        for (GenerationRecord.Entry entry : entries) {
            if (entry.change().desired() instanceof FileResource file && !file.absent()
                    && file.validator().isPresent()) {
                List<String> call = new ArrayList<>(List.of("validate", file.path()));
                call.addAll(file.validator().get().forPath(Steps.staged(file.path())));
                okThen(text, entry, Shell.words(call) + " || { [ $? = 99 ] || { err " + Shell.quote(file.path()
                        + " is invalid (" + file.validator().get().display() + ")") + "; return 1; }; }");
            }
        }
        text.append("  :\n}\n");
        List<String> paths = entries.stream().map(GenerationRecord.Entry::change).map(Change::desired)
                .filter(FileResource.class::isInstance).map(r -> ((FileResource) r).path()).toList();
        text.append("x_discard() { ").append(paths.isEmpty() ? ":" : Shell.words(prepend("discard", paths)))
                .append("; }\n");
    }

    /** x_activate: files, links and removals in order, a daemon-reload for unit files, then units. */
    private static void activate(StringBuilder text, List<GenerationRecord.Entry> entries) {
        text.append("x_activate() {\n  units=0\n");
        List<GenerationRecord.Entry> activate = only(entries, Steps.Phase.ACTIVATE);
        for (GenerationRecord.Entry entry : activate) {
            if (!(entry.change().desired() instanceof UnitResource)) {
                String then = Shell.words(entry.change().desired().apply(entry.index())) + " || return 1"
                        + (entry.change().desired() instanceof FileResource f && f.isUnitFile() ? "; units=1" : "");
                okThen(text, entry, then);
            }
        }
        text.append("  if [ $units = 1 ]; then daemon_reload || return 1; fi\n");
        for (GenerationRecord.Entry entry : activate) {
            if (entry.change().desired() instanceof UnitResource) {
                okThen(text, entry, Shell.words(entry.change().desired().apply(entry.index())) + " || return 1");
            }
        }
        text.append("  :\n}\n");
    }

    /** x_services: each service that reads a changed file reloaded once, then packages purged. */
    private static void services(StringBuilder text, List<GenerationRecord.Entry> entries, List<Change> ordered) {
        text.append("x_services() {\n");
        for (Reload reload : Steps.reloads(ordered)) {
            List<String> conditions = new ArrayList<>();
            for (GenerationRecord.Entry entry : entries) {
                if (entry.change().affectsServices() && entry.change().desired().reloads().contains(reload)) {
                    conditions.add("x_ok " + entry.index());
                }
            }
            text.append("  if ").append(String.join(" || ", conditions)).append("; then ")
                    .append(Shell.words(List.of("reload_unit", reload.unit(), reload.pidFile())))
                    .append(" || return 1; fi\n");
        }
        text.append("  i=\"\"; n=\"\"\n");
        for (GenerationRecord.Entry entry : only(entries, Steps.Phase.FINISH)) {
            PackageResource pkg = (PackageResource) entry.change().desired();
            text.append("  if x_ok ").append(entry.index()).append("; then i=\"$i ").append(entry.index())
                    .append("\"; n=\"$n ").append(pkg.name()).append("\"; fi\n");
        }
        text.append("  if [ -n \"$i\" ]; then purge_pkgs $i -- $n || return 1; fi\n}\n");
    }

    private static void okThen(StringBuilder text, GenerationRecord.Entry entry, String shell) {
        text.append("  if x_ok ").append(entry.index()).append("; then ").append(shell).append("; fi\n");
    }

    private static List<GenerationRecord.Entry> only(List<GenerationRecord.Entry> entries, Steps.Phase phase) {
        return entries.stream().filter(e -> Steps.phase(e.change()) == phase).toList();
    }

    private static Map<Integer, List<String>> byIndex(String lines) {
        Map<Integer, List<String>> map = new LinkedHashMap<>();
        lines.lines().filter(l -> !l.isBlank()).forEach(l -> map.computeIfAbsent(Integer.parseInt(l.substring(0,
                l.indexOf(' '))), k -> new ArrayList<>()).add(l));
        return map;
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
