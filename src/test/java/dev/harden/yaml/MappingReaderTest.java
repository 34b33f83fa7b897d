package dev.harden.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MappingReaderTest {

    private static MappingReader reader(String text) {
        return new MappingReader(YamlParser.parse("inventory/hosts.yaml", text.getBytes(StandardCharsets.UTF_8)),
                "host 'web1'");
    }

    @Test
    void readsTypedFields() {
        MappingReader r = reader("address: 10.0.0.1\nport: 2222\ngroups: [web, db]\n");
        assertEquals(Optional.of("10.0.0.1"), r.string("address"));
        assertEquals(Optional.of(2222), r.integer("port", 1, 65535));
        assertEquals(List.of("web", "db"), r.stringList("groups"));
        assertEquals(Optional.empty(), r.string("user"));
    }

    @Test
    void unknownKeyListsTheAllowedOnes() {
        String message = assertThrows(HardenException.class,
                () -> reader("address: a\nadress: b\n").onlyKeys(Set.of("address", "port"))).getMessage();
        assertEquals("inventory/hosts.yaml:2: unknown key 'adress' in host 'web1' (allowed: address, port)", message);
    }

    @Test
    void integerOutOfRangeSaysTheRange() {
        String message = assertThrows(HardenException.class,
                () -> reader("address: a\nport: 70000\n").integer("port", 1, 65535)).getMessage();
        assertTrue(message.startsWith("inventory/hosts.yaml:2: host 'web1' port must be an integer from 1 to 65535"),
                message);
    }

    @Test
    void listExpectedButWordGiven() {
        String message = assertThrows(HardenException.class, () -> reader("groups: web\n").stringList("groups"))
                .getMessage();
        assertTrue(message.startsWith("inventory/hosts.yaml:1:") && message.contains("must be a list"), message);
    }

    @Test
    void nonMappingIsRefused() {
        String message = assertThrows(HardenException.class, () -> reader("- a\n- b\n")).getMessage();
        assertTrue(message.contains("host 'web1' must be a mapping, got a list"), message);
    }
}
