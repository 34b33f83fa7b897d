package dev.harden.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One line per event, text or JSON, whatever the values hold. */
class EventLogTest {

    @Test
    void jsonLinesCarryAnyValueAndTextShowsControlCharactersVisibly() throws Exception {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new EventLog(new PrintStream(json, true, StandardCharsets.UTF_8), true).event("watching", "interval",
                Duration.ofSeconds(60), "hosts", 3, "reason", "line one\nline two\u001b[2K", "error", null);
        String line = json.toString(StandardCharsets.UTF_8);
        assertEquals(1, line.strip().lines().count(), line);
        JsonNode event = new ObjectMapper().readTree(line);
        assertEquals("watching", event.get("event").asText());
        assertEquals("PT1M", event.get("interval").asText());
        assertEquals(3, event.get("hosts").asInt());
        assertEquals("line one\nline two\u001b[2K", event.get("reason").asText());

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        new EventLog(new PrintStream(text, true, StandardCharsets.UTF_8), false).event("drift", "host", "web1",
                "differs", "file /etc/ssh/sshd_config\u001b]0;owned\u0007");
        String plain = text.toString(StandardCharsets.UTF_8);
        assertEquals(1, plain.strip().lines().count(), plain);
        assertTrue(plain.contains(" drift host=web1 differs=\"file /etc/ssh/sshd_config\\x1b]0;owned\\x07\""), plain);
    }
}
