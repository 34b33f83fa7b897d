package dev.harden.apply;

import dev.harden.resource.AfterState;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.resource.LinkResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Reload;
import dev.harden.resource.Resource;
import dev.harden.resource.UnitResource;
import dev.harden.resource.Validator;
import dev.harden.state.ManifestEntry;
import dev.harden.transport.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a generation records on the host before it changes anything: the manifest (for history and
 * rollback), the undo lines its revert runs ("INDEX PHASE CALL"; see revert_generation in
 * protocol.sh) and the after lines ("INDEX A CALL": checks that each resource is still as the
 * generation left it, which harden-local runs before it undoes the generation), one entry per
 * change, numbered in the order the changes are made.
 */
final class GenerationRecord {

    /** A change with its number in the generation. */
    record Entry(int index, Change change) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Numbers the changes after the ones already recorded. */
    List<Entry> add(List<Change> changes) {
        List<Entry> added = new ArrayList<>();
        for (Change change : changes) {
            Entry entry = new Entry(entries.size(), change);
            entries.add(entry);
            added.add(entry);
        }
        return added;
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    String manifest() {
        StringBuilder text = new StringBuilder(ManifestEntry.header()).append('\n');
        for (Entry entry : entries) {
            Resource desired = entry.change().desired();
            Optional<Validator> validator = desired instanceof FileResource file ? file.validator() : Optional.empty();
            text.append(ManifestEntry.of(entry.index(), entry.change(), desired.reloads(), validator,
                    entry.change().sensitive()).toLine()).append('\n');
        }
        return text.toString();
    }

    String undo() {
        StringBuilder text = new StringBuilder();
        boolean installs = false;
        boolean purges = false;
        for (Entry entry : entries) {
            Resource desired = entry.change().desired();
            String i = String.valueOf(entry.index());
            if (desired instanceof PackageResource pkg) {
                if (pkg.present() ? !installs : !purges) {
                    line(text, i, "P", desired.undo(entry.index(), entry.change().before()));
                }
                installs |= pkg.present();
                purges |= !pkg.present();
                continue;
            }
            line(text, i, desired instanceof UnitResource ? "U" : "F", desired.undo(entry.index(), entry.change().before()));
            if (desired instanceof FileResource || desired instanceof LinkResource) {
                for (Reload reload : desired.reloads()) {
                    line(text, i, "R", List.of("reload_unit", reload.unit(), reload.pidFile()));
                }
            }
            if (desired instanceof FileResource file && file.isUnitFile()) {
                line(text, i, "D", List.of("daemon_reload"));
            }
        }
        return text.toString();
    }

    String after() {
        StringBuilder text = new StringBuilder();
        for (Entry entry : entries) {
            line(text, String.valueOf(entry.index()), "A", AfterState.check(entry.change().desired(),
                    entry.change().before()));
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String index, String phase, List<String> call) {
        text.append(index).append(' ').append(phase).append(' ').append(Shell.words(call)).append('\n');
    }
}
