package dev.harden.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keyed lines in a checkout file: a new entry is added, a rotated one replaced in place, the rest untouched. */
class CheckoutFileTest {

    @TempDir
    Path dir;

    @Test
    void aLineWithTheSameKeyIsReplacedInPlaceAndOthersKeepTheirPlace() throws IOException {
        Path file = dir.resolve("inventory/wireguard_keys");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# pinned\nwg0 web1 AAA\nwg0 web10 BBB\nwg0 db1 CCC");
        CheckoutFile keys = new CheckoutFile(file);
        assertTrue(keys.put("wg0 web1", "wg0 web1 NEW"));
        assertEquals("# pinned\nwg0 web1 NEW\nwg0 web10 BBB\nwg0 db1 CCC\n", Files.readString(file),
                "web10 is another entry, not a longer key of web1");
        assertFalse(keys.put("wg0 web1", "wg0 web1 NEW"), "already there: nothing written");
        assertTrue(keys.put("wg0 web2", "wg0 web2 DDD"));
        assertTrue(Files.readString(file).endsWith("wg0 db1 CCC\nwg0 web2 DDD\n"));
    }
}
