package dev.harden.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaTest {

    private final Schema schema = new Schema(List.of(
            Setting.bool("ssh.password_authentication", "passwords"),
            Setting.integer("ssh.port", 1, 65535, "port"),
            Setting.bool("sudo.use_pty", "pty")));

    @Test
    void suggestsTheClosestKeyForSmallTypos() {
        assertEquals(Optional.of("ssh.password_authentication"), schema.closest("ssh.pasword_authentication"));
        assertEquals(Optional.of("ssh.port"), schema.closest("ssh.prot"));
        assertEquals(Optional.empty(), schema.closest("firewall.default_policy"));
    }

    @Test
    void sectionsArePrefixesOfKeys() {
        assertTrue(schema.isSection("ssh"));
        assertFalse(schema.isSection("ssh.port"));
        assertFalse(schema.isSection("firewall"));
    }

    @Test
    void aKeyDeclaredTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Schema(List.of(
                Setting.bool("ssh.enabled", "a"), Setting.bool("ssh.enabled", "b"))));
    }

    @Test
    void keysMustBeDottedLowerCase() {
        assertThrows(IllegalArgumentException.class, () -> Setting.bool("SSH.Port", "x"));
        assertThrows(IllegalArgumentException.class, () -> Setting.bool("port", "x"));
    }
}
