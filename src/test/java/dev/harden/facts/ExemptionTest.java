package dev.harden.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The exception file's header: written and read by the one definition, hostile text kept on its line. */
class ExemptionTest {

    private final Exemption exemption = new Exemption("inc-4711", "alice@laptop", "INC-4711: debug\nthe API\u001b[2K",
            Instant.parse("2026-11-22T10:00:00Z"), Instant.parse("2026-11-22T12:00:00Z"),
            List.of("firewall.allow+={port: 8080}", "ssh.max_auth_tries=5"), List.of("ssh.permit_root_login"));

    @Test
    void theHeaderRoundTripsAndEveryValueStaysOnOneLine() {
        String header = exemption.header();
        assertTrue(header.startsWith("#!/bin/sh\n# harden exception (format 1)\n# id=inc-4711\n"), header);
        assertTrue(header.contains("\n# reason=INC-4711: debug the API [2K\n"), header);
        assertTrue(header.endsWith("# end\n"), header);
        assertEquals(Optional.of(exemption), Exemption.parse(header + "X_ID=inc-4711\n"));
    }

    @Test
    void whatIsNotAHeaderIsNotAnException() {
        assertEquals(Optional.empty(), Exemption.parse("#!/bin/sh\necho hello\n"));
        assertEquals(Optional.empty(), Exemption.parse(exemption.header().replace("# until=", "# until=tomorrow")));
        assertEquals(Optional.empty(), Exemption.parse(exemption.header().replace("# end\n", "")));
        assertThrows(IllegalArgumentException.class, () -> new Exemption("../etc", "a", "b", Instant.EPOCH,
                Instant.EPOCH, List.of(), List.of()));
    }

    @Test
    void itSaysWhoWhyAndHowLongIsLeft() {
        Instant now = Instant.parse("2026-11-22T10:00:30Z");
        assertEquals("inc-4711 until 2026-11-22T12:00:00Z (1h 59m left; alice@laptop: INC-4711: debug the API [2K)",
                exemption.describe(now));
        assertEquals("45s", exemption.remaining(Instant.parse("2026-11-22T11:59:15Z")));
        assertTrue(exemption.describe(Instant.parse("2026-11-22T12:00:00Z")).contains("(expired;"));
    }
}
