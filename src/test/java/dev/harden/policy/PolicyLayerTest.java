package dev.harden.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.module.Modules;
import dev.harden.yaml.YamlParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyLayerTest {

    private static final String FILE = "policies/groups/web.yaml";
    private static final Schema SCHEMA = Modules.builtIn().schema();

    private static PolicyLayer parse(String text) {
        return PolicyLayer.parse("group web", YamlParser.parse(FILE, text.getBytes(StandardCharsets.UTF_8)), SCHEMA);
    }

    private static String error(String text) {
        return assertThrows(HardenException.class, () -> parse(text)).getMessage();
    }

    @Test
    void misspelledKeyNamesFileLineKeyAndSuggestion() {
        String message = error("# web servers\nssh:\n  port: 22\n  pasword_authentication: false\n");
        assertTrue(message.startsWith(FILE + ":4: "), message);
        assertTrue(message.contains("'ssh.pasword_authentication'"), message);
        assertTrue(message.contains("did you mean 'ssh.password_authentication'"), message);
    }

    @Test
    void unknownSectionWithoutCloseMatchHasNoSuggestion() {
        String message = error("firewalld:\n  zone: public\n");
        assertEquals(FILE + ":1: unknown policy key 'firewalld'", message);
    }

    @Test
    void wordWhereIntegerExpected() {
        String message = error("ssh:\n  max_auth_tries: three\n");
        assertTrue(message.startsWith(FILE + ":2: ssh.max_auth_tries must be an integer from 1 to 10"), message);
        assertTrue(message.contains("'three'"), message);
    }

    @Test
    void portOutOfRange() {
        String message = error("ssh:\n  enabled: true\n  port: 70000\n");
        assertTrue(message.startsWith(FILE + ":3: ssh.port must be an integer from 1 to 65535"), message);
        assertTrue(message.contains("70000"), message);
    }

    @Test
    void wordWhereListExpected() {
        String message = error("ssh:\n  allow_users: bob\n");
        assertTrue(message.startsWith(FILE + ":2: ssh.allow_users must be a list"), message);
        assertTrue(message.contains("got string 'bob'"), message);
    }

    @Test
    void textWhereBooleanExpected() {
        String message = error("ssh:\n  x11_forwarding: maybe\n");
        assertTrue(message.startsWith(FILE + ":2: ssh.x11_forwarding must be true or false"), message);
    }

    @Test
    void listItemThatCouldInjectConfigIsRefused() {
        String message = error("ssh:\n  allow_users: [ops, \"bob\\nPermitRootLogin yes\"]\n");
        assertTrue(message.startsWith(FILE + ":2: ssh.allow_users item 2 must be"), message);
    }

    @Test
    void sectionGivenAsValue() {
        String message = error("ssh: true\n");
        assertTrue(message.startsWith(FILE + ":1: 'ssh' is a section"), message);
    }

    @Test
    void validValuesBecomeDottedKeysWithOrigins() {
        PolicyLayer layer = parse("ssh:\n  port: 2222\n  permit_root_login: yes\n  allow_users: [ops, deploy]\n"
                + "  log_level: INFO\nsudo:\n  log_io: false\n");
        assertEquals(2222, layer.values().get("ssh.port").value());
        assertEquals(true, layer.values().get("ssh.permit_root_login").value());
        assertEquals(List.of("ops", "deploy"), layer.values().get("ssh.allow_users").value());
        assertEquals("INFO", layer.values().get("ssh.log_level").value());
        assertEquals(false, layer.values().get("sudo.log_io").value());
        assertEquals(FILE + ":4", layer.values().get("ssh.allow_users").origin().toString());
    }

    @Test
    void choiceListsTheChoices() {
        String message = error("ssh:\n  log_level: LOUD\n");
        assertTrue(message.contains("one of DEBUG, DEBUG1"), message);
    }

    @Test
    void taggedBooleanIsRefusedNotSilentlyFalse() {
        String message = error("ssh:\n  password_authentication: !!bool \"maybe\"\n");
        assertTrue(message.startsWith(FILE + ":2: YAML tag '!!bool' is not supported"), message);
    }
}
