package dev.harden.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last commit applied to a host, read from its generations' records (meta only). */
class LastAppliedTest {

    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String C = "c".repeat(40);

    @TempDir
    Path root;

    private void generation(String id, String... lines) throws IOException {
        Path dir = Files.createDirectories(root.resolve("var/lib/harden/generations").resolve(id));
        Files.writeString(dir.resolve("meta"), String.join("\n", lines) + "\n");
    }

    private Optional<String> lastApplied() {
        try (ImageRootHost host = new ImageRootHost("img", root)) {
            return GenerationStore.lastApplied(host);
        }
    }

    @Test
    void aHostWithoutGenerationsHasNone() {
        assertEquals(Optional.empty(), lastApplied());
    }

    @Test
    void theNewestCompleteApplyCounts() throws IOException {
        generation("20250101T000000Z-1", "format=2", "kind=apply", "commit=" + A, "status=activating",
                "status=complete");
        generation("20250102T000000Z-1", "format=2", "kind=apply", "commit=" + B, "status=activating",
                "status=complete");
        assertEquals(Optional.of(B), lastApplied());
    }

    @Test
    void rollbacksAndUnconfirmedOrRevertedGenerationsDoNotCount() throws IOException {
        generation("20250101T000000Z-1", "kind=apply", "commit=" + A, "status=complete");
        generation("20250102T000000Z-1", "kind=apply", "commit=" + B, "status=activating", "status=reverted");
        generation("20250103T000000Z-1", "kind=rollback", "commit=" + C, "status=complete");
        generation("20250104T000000Z-1", "kind=apply", "commit=" + C, "status=activating");
        assertEquals(Optional.of(A), lastApplied());
    }

    @Test
    void aCommitThatIsNotACommitIdIsNone() throws IOException {
        generation("20250101T000000Z-1", "kind=apply", "commit=" + A, "status=complete");
        generation("20250102T000000Z-1", "kind=apply", "commit=\u001b[31mhostile", "status=complete");
        assertEquals(Optional.empty(), lastApplied(), "the newest apply is what the host is on, readable or not");
    }
}
