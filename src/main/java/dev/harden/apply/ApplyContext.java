package dev.harden.apply;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Who applies what: recorded with every generation on the host. */
public record ApplyContext(String commit, String operator, Instant started) {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** A new generation id: sortable by time, unique across concurrent runs. */
    public String newGenerationId() {
        return ID_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
