package dev.harden.desired;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A value quoted into a validation message can hold a line break or another control character;
 * the message stays one line, with the character shown escaped, wherever it is reported.
 */
class OneLineMessagesTest {

    private static final String HOSTS = "hosts:\n  h:\n    address: h.example\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            policy bool            | policies/baseline.yaml | {ssh: {password_authentication: "no\\nyes"}}
            policy choice          | policies/baseline.yaml | {firewall: {backend: "uf\\nw"}}
            policy text list item  | policies/baseline.yaml | {ssh: {allow_users: ["alice\\nbob"]}}
            policy unknown key     | policies/baseline.yaml | {ssh: {"port\\nx": 22}}
            policy duplicate key   | policies/baseline.yaml | {ssh: {"a\\nb": 1, "a\\nb": 2}}
            firewall port          | policies/baseline.yaml | {firewall: {allow: [{port: "22\\n23"}]}}
            firewall source        | policies/baseline.yaml | {firewall: {allow: [{port: 22, from: "10.0.0.0/8\\nx"}]}}
            firewall proto         | policies/baseline.yaml | {firewall: {allow: [{port: 22, proto: "tc\\np"}]}}
            firewall internal port | policies/baseline.yaml | {firewall: {internal: ["63\\n79/tcp"]}}
            inventory unknown key  | inventory/hosts.yaml   | {hosts: {h: {address: a, "adress\\n": b}}}
            inventory host name    | inventory/hosts.yaml   | {hosts: {"web\\n1": {address: a}}}
            inventory group name   | inventory/hosts.yaml   | {hosts: {h: {address: a, groups: ["we\\nb"]}}}
            inventory transport    | inventory/hosts.yaml   | {hosts: {h: {address: a, transport: "ss\\th\\e[31m"}}}
            inventory address      | inventory/hosts.yaml   | {hosts: {h: {address: "a\\nb"}}}
            """)
    void messageQuotingAValueWithALineBreakIsOneLine(String what, String path, String yaml) {
        // yaml is one line of flow style; its double-quoted "\n" and "\t" are YAML escapes
        Map<String, String> files = path.startsWith("inventory/") ? Map.of(path, yaml)
                : Map.of(path, yaml, "inventory/hosts.yaml", HOSTS);
        String message = assertThrows(HardenException.class, () -> TestRepos.load(files)).getMessage();
        assertTrue(message.startsWith(path + ":"), message);
        assertTrue(message.chars().noneMatch(Character::isISOControl), "one line, no control characters: " + message);
        assertTrue(message.contains("\\n") || message.contains("\\t"), "the character is shown escaped: " + message);
    }
}
