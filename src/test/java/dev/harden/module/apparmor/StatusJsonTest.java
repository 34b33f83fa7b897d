package dev.harden.module.apparmor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** aa-status --json as it really is printed: lenient where aa-status errs, strict elsewhere. */
class StatusJsonTest {

    @Test
    void readsObjectsListsStringsAndEscapes() {
        Map<String, Object> json = StatusJson.object(" {\"version\": \"2\", \"profiles\": {\"a\\\"b\": \"enforce\","
                + " \"c\\/d\\u0041\": \"complain\"}, \"n\": 12, \"processes\": {\"/x\": [{\"pid\": \"1\"}, {}]}} \n");
        assertEquals("2", json.get("version"));
        assertEquals(Map.of("a\"b", "enforce", "c/dA", "complain"), json.get("profiles"));
        assertEquals("12", json.get("n"));
        assertEquals(Map.of("/x", List.of(Map.of("pid", "1"), Map.of())), json.get("processes"));
    }

    @Test
    void acceptsTheMissingCommaOfAppArmor308AndRepeatedKeys() {
        Map<String, Object> json = StatusJson.object(Samples.text("aa-status-3.0.8-debian12.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> processes = (Map<String, Object>) json.get("processes");
        assertEquals(List.of("/usr/sbin/nginx", "/usr/local/bin/myapp", "/usr/sbin/cupsd"),
                List.copyOf(processes.keySet()));
        assertEquals(Map.of("a", "2"), StatusJson.object("{\"a\": \"1\", \"a\": \"2\"}"));
    }

    @Test
    void refusesWhatIsNotOneBoundedObject() {
        for (String bad : List.of("", "apparmor not present.", "[1]", "{\"a\": 1} trailing", "{\"a\" 1}",
                "{\"a\": [1 2]}", "{\"a\": \"open", "{\"a\": \"\\x\"}", "{\"a\": tru e}", "{a: 1}",
                "{\"a\": " + "[".repeat(20) + "]".repeat(20) + "}")) {
            assertThrows(IllegalArgumentException.class, () -> StatusJson.object(bad), bad);
        }
    }
}
