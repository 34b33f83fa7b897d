package dev.harden.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generation ids sort in the order the generations were made: history lists them newest first,
 * "rollback --to previous" undoes the newest, and retention deletes the oldest, all by sorting
 * the ids. An apply and a rollback in the same second must not come out the wrong way round.
 */
class GenerationIdTest {

    @Test
    void idsMadeOneAfterAnotherSortInThatOrder() {
        ApplyContext context = ApplyContext.apply("", "tester");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            made.add(context.newGenerationId());
        }
        for (int i = 1; i < made.size(); i++) {
            assertTrue(made.get(i - 1).compareTo(made.get(i)) < 0, made.get(i - 1) + " was made before " + made.get(i));
        }
        assertEquals(made.size(), new HashSet<>(made).size());
    }

    @Test
    void idsAreWordsAShellAndSystemdTakeAsTheyAre() {
        String id = ApplyContext.apply("", "tester").newGenerationId();
        assertTrue(id.matches("\\d{8}T\\d{9}Z-[0-9a-f]{8}"), id); // no dot: "harden-revert-ID.timer" stays one unit name
    }
}
