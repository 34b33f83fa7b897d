package dev.harden.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.desired.DesiredState;
import dev.harden.desired.DesiredStateLoader;
import dev.harden.module.Modules;
import dev.harden.source.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where --trust-new-host-keys records a new key: appended cleanly to inventory/known_hosts of the
 * checkout the plan was made from, and only when the checkout holds what was planned; the notes
 * say which file changed, or the line to add when none did.
 */
class TrustedKeyRecordingTest {

    private static final String PLANNED = "1111111111111111111111111111111111111111";
    private static final String OTHER = "2222222222222222222222222222222222222222";
    private static final String PINNED = "[10.0.0.9]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPinnedPinnedPinnedPinnedPinnedPinnedPinne";
    private static final String NEW = "[127.0.0.1]:2201 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINewNewNewNewNewNewNewNewNewNewNewNewNewNe";
    private static final RunOptions TRUST = new RunOptions(List.of(), 1, true, Duration.ofSeconds(1));

    @TempDir
    Path checkout;

    private static Snapshot snapshot(Optional<Path> checkout, String checkedOut, boolean workingTree) {
        Map<String, byte[]> files = Map.of("inventory/hosts.yaml",
                "hosts:\n  img:\n    transport: local\n    root: /nonexistent\n".getBytes(StandardCharsets.UTF_8));
        return new Snapshot(PLANNED, "main", "planned", workingTree, files, List.of(), checkout, checkedOut);
    }

    private static List<String> record(Snapshot snapshot, String line) {
        DesiredState state = DesiredStateLoader.load(snapshot, Modules.builtIn());
        try (Transports transports = new Transports(state, TRUST)) {
            transports.record(line);
            return transports.notes();
        }
    }

    private Path knownHosts(String text) throws IOException {
        Path file = checkout.resolve("inventory/known_hosts");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aKeyIsAppendedOnItsOwnLineWhenTheFileLacksAFinalNewline() throws IOException {
        Path file = knownHosts(PINNED);
        List<String> notes = record(snapshot(Optional.of(checkout), PLANNED, false), NEW);
        assertEquals(PINNED + "\n" + NEW + "\n", Files.readString(file));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains(file.toString()), notes.get(0));
        assertTrue(notes.get(0).contains("review") && notes.get(0).contains("commit"), notes.get(0));
    }

    @Test
    void aKeyIsRecordedInTheWorkingTreeThatWasPlanned() throws IOException {
        Path file = knownHosts(PINNED + "\n");
        record(snapshot(Optional.of(checkout), OTHER, true), NEW);
        assertEquals(PINNED + "\n" + NEW + "\n", Files.readString(file));
    }

    @Test
    void aCheckoutOfAnotherCommitIsLeftAloneAndTheNoteGivesTheLine() throws IOException {
        Path file = knownHosts(PINNED + "\n");
        List<String> notes = record(snapshot(Optional.of(checkout), OTHER, false), NEW);
        assertEquals(PINNED + "\n", Files.readString(file), "the checkout of another commit is unchanged");
        assertEquals(1, notes.size(), notes.toString());
        String note = notes.get(0);
        assertTrue(note.contains("NOT recorded"), note);
        assertTrue(note.contains("main") && note.contains(PLANNED.substring(0, 10))
                && note.contains(OTHER.substring(0, 10)), note);
        assertTrue(note.endsWith(NEW), note);
    }

    @Test
    void withoutACheckoutTheNoteGivesTheLine() {
        List<String> notes = record(snapshot(Optional.empty(), "", false), NEW);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("NOT recorded"), notes.get(0));
        assertTrue(notes.get(0).contains("inventory/known_hosts"), notes.get(0));
        assertTrue(notes.get(0).endsWith(NEW), notes.get(0));
        assertFalse(Files.exists(checkout.resolve("inventory")));
    }
}
