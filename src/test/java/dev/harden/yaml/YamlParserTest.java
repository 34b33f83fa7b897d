package dev.harden.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class YamlParserTest {

    private static YamlNode parse(String text) {
        return YamlParser.parse("policies/baseline.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String text) {
        return assertThrows(HardenException.class, () -> parse(text)).getMessage();
    }

    @Test
    void unclosedListNamesFileAndLine() {
        String message = error("ssh:\n  port: 22\n  allow_users: [ops\n");
        assertTrue(message.startsWith("policies/baseline.yaml:4: invalid YAML"), message);
    }

    @Test
    void tabIndentationNamesFileAndLine() {
        String message = error("ssh:\n  port: 22\n\tmax_auth_tries: 3\n");
        assertTrue(message.startsWith("policies/baseline.yaml:3: invalid YAML"), message);
        assertTrue(message.contains("TAB"), message);
    }

    @Test
    void mappingValueInWrongPlaceNamesLine() {
        String message = error("ssh:\n  port: 22\n  x11_forwarding: no: yes\n");
        assertTrue(message.startsWith("policies/baseline.yaml:3: invalid YAML"), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }

    @Test
    void duplicateKeyIsAnErrorNotASilentOverride() {
        String message = error("ssh:\n  port: 22\n  port: 2222\n");
        assertTrue(message.startsWith("policies/baseline.yaml:3: duplicate key 'port'"), message);
        assertTrue(message.contains("line 2"), message);
    }

    @Test
    void javaTagsAreRefused() {
        String message = error("ssh: !!javax.script.ScriptEngineManager [1]\n");
        assertTrue(message.startsWith("policies/baseline.yaml:1:"), message);
    }

    @Test
    void emptyFileIsAnEmptyMapping() {
        YamlNode.Mapping mapping = assertInstanceOf(YamlNode.Mapping.class, parse(""));
        assertTrue(mapping.entries().isEmpty());
    }

    @Test
    void nodesRememberLinesAndTypes() {
        YamlNode root = parse("# comment\nssh:\n  port: 22\n  enabled: true\n  log_level: VERBOSE\n  users: [a]\n");
        YamlNode.Mapping ssh = assertInstanceOf(YamlNode.Mapping.class,
                ((YamlNode.Mapping) root).entries().get("ssh"));
        assertEquals(2, ((YamlNode.Mapping) root).keyLocations().get("ssh").line());
        assertEquals(new YamlNode.Location("policies/baseline.yaml", 3), ssh.keyLocations().get("port"));
        assertEquals(YamlNode.Scalar.Kind.INT, ((YamlNode.Scalar) ssh.entries().get("port")).kind());
        assertEquals(YamlNode.Scalar.Kind.BOOL, ((YamlNode.Scalar) ssh.entries().get("enabled")).kind());
        assertEquals(YamlNode.Scalar.Kind.STRING, ((YamlNode.Scalar) ssh.entries().get("log_level")).kind());
        assertInstanceOf(YamlNode.Sequence.class, ssh.entries().get("users"));
        assertEquals("policies/baseline.yaml:3", ssh.keyLocations().get("port").toString());
    }

    /** A "billion laughs": few collection aliases, each doubling the one before. */
    static String aliasBomb(int baseItems, int levels) {
        StringBuilder text = new StringBuilder("s: &s x\nl0: &l0 [");
        text.append("*s, ".repeat(baseItems)).append("x]\n");
        for (int level = 1; level <= levels; level++) {
            text.append("l").append(level).append(": &l").append(level).append(" [*l").append(level - 1)
                    .append(", *l").append(level - 1).append("]\n");
        }
        return text.toString();
    }

    @Test
    void aliasExpansionIsBoundedAndNamesTheFile() {
        // 5000 * 2^10 = 5 million values from a 20 kB file: refused quickly, not built
        String message = error(aliasBomb(5000, 10));
        assertTrue(message.matches("policies/baseline\\.yaml:\\d+: YAML has more than 250000 values .*"), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }

    @Test
    void aliasesWithinTheBudgetStillWork() {
        YamlNode.Mapping root = (YamlNode.Mapping) parse("ops: &ops [alice, bob]\nadmins: *ops\n");
        assertEquals(2, ((YamlNode.Sequence) root.entries().get("admins")).items().size());
    }

    @Test
    void recursiveAliasIsRefusedWithItsLine() {
        String message = error("ssh:\n  users: &u [a, *u]\n");
        assertTrue(message.startsWith("policies/baseline.yaml:2: "), message);
        assertTrue(message.contains("refers to itself"), message);
    }

    @Test
    void deepNestingIsRefusedWithoutStackOverflow() {
        String message = error("a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        assertTrue(message.startsWith("policies/baseline.yaml"), message);
        assertTrue(message.contains("nested deeper than 50 levels"), message);
    }

    @Test
    void nestingThroughAliasesIsBoundedToo() {
        StringBuilder text = new StringBuilder("l0: &l0 " + "[".repeat(40) + "x" + "]".repeat(40) + "\n");
        for (int level = 1; level <= 5; level++) {
            text.append("l").append(level).append(": &l").append(level).append(" ").append("[".repeat(40))
                    .append("*l").append(level - 1).append("]".repeat(40)).append("\n");
        }
        String message = error(text.toString());
        assertTrue(message.contains("nested deeper than 50 levels"), message);
    }

    @Test
    void explicitTagsAreRefusedWithTheirLine() {
        assertEquals("policies/baseline.yaml:2: YAML tag '!!bool' is not supported; write the plain value"
                + " (true/false, a number, or \"quoted text\")", error("ssh:\n  x11_forwarding: !!bool \"maybe\"\n"));
        assertTrue(error("ssh:\n  port: 22\n  log_level: !local VERBOSE\n")
                .startsWith("policies/baseline.yaml:3: YAML tag '!local' is not supported"));
        assertTrue(error("a: !!str 5\n").startsWith("policies/baseline.yaml:1: YAML tag '!!str'"));
        assertTrue(error("a: !!set {x, y}\n").startsWith("policies/baseline.yaml:1: YAML tag '!!set'"));
        assertTrue(error("a: ! text\n").startsWith("policies/baseline.yaml:1: YAML tag '!'"));
        assertTrue(error("a:\n  - !<tag:example.com,2024:x> [1]\n")
                .startsWith("policies/baseline.yaml:2: YAML tag 'tag:example.com,2024:x'"));
    }

    @Test
    void textOverTheSizeLimitIsRefused() {
        String message = error("a: \"" + "x".repeat(YamlParser.MAX_CODE_POINTS) + "\"\n");
        assertTrue(message.startsWith("policies/baseline.yaml: invalid YAML: The incoming YAML document exceeds the"
                + " limit"), message);
    }
}
