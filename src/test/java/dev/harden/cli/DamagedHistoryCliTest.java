package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation whose manifest has an unreadable line (a disk that filled up, a hand edit): history
 * still lists the host and every generation and says which record is damaged; rollback of it is
 * refused in one line naming the generation. A damaged record is data history reports, not a
 * failure to read the host: history exits 0.
 */
class DamagedHistoryCliTest {

    @TempDir
    Path temp;

    private String repo;
    private String generation;

    @BeforeEach
    void appliedThenDamaged() throws IOException {
        repo = Cli.exampleRepo(temp.resolve("repo")).toString();
        Cli.Result applied = Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve");
        assertEquals(0, applied.exitCode(), applied.toString());
        Path generations = Path.of(repo, "inventory/images/debian12/var/lib/harden/generations");
        Path dir;
        try (Stream<Path> list = Files.list(generations)) {
            dir = list.findFirst().orElseThrow();
        }
        generation = dir.getFileName().toString();
        Path manifest = dir.resolve("manifest.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        lines.set(1, lines.get(1).substring(0, 40));
        Files.write(manifest, lines);
    }

    @Test
    void historyListsTheGenerationAndSaysItsRecordIsDamaged() {
        Cli.Result history = Cli.run("history", "--working-tree", "--repo", repo, "--limit", "golden-image");
        assertEquals(0, history.exitCode(), history.toString());
        assertEquals("", history.err());
        List<String> lines = history.out().lines().toList();
        assertEquals("golden-image  1 generation(s), 1 with a damaged record", lines.get(0), history.toString());
        assertTrue(lines.get(1).startsWith("  " + generation + "  apply    complete  commit "), history.toString());
        assertTrue(lines.contains("      sudo  create /etc/sudoers.d/harden (0440 root:root)"), "the readable entry: "
                + history);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("      record damaged: line 2 of its manifest is unreadable: ")
                && l.endsWith("; harden cannot roll back this generation, nor to any before it")), history.toString());
    }

    @Test
    void historyJsonCarriesTheProblem() throws IOException {
        Cli.Result history = Cli.run("history", "--working-tree", "--repo", repo, "--limit", "golden-image", "--json");
        assertEquals(0, history.exitCode(), history.toString());
        JsonNode g = new ObjectMapper().readTree(history.out()).get("hosts").get(0).get("generations").get(0);
        assertEquals(generation, g.get("id").asText());
        assertTrue(g.get("problem").asText().startsWith("line 2 of its manifest is unreadable: "), g.toString());
        assertEquals(1, g.get("changes").size(), "the readable entry");
    }

    @Test
    void rollbackOfItIsRefusedInOneLine() {
        Cli.Result rollback = Cli.run("rollback", "--working-tree", "--repo", repo, "--limit", "golden-image",
                "--auto-approve");
        assertEquals(1, rollback.exitCode(), rollback.toString());
        assertEquals("", rollback.err(), "no exception escapes: " + rollback);
        List<String> errors = rollback.out().lines().filter(l -> l.contains("error:")).toList();
        assertEquals(1, errors.size(), rollback.toString());
        assertTrue(errors.get(0).contains("error: golden-image: generation " + generation + " cannot be rolled back:"
                + " line 2 of its manifest is unreadable: "), rollback.toString());
        assertFalse(rollback.out().contains("Nothing to roll back: the files already are"), "the host failed, it is not"
                + " already there: " + rollback);
    }
}
