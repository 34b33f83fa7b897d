package dev.harden.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class YamlNodeTest {

    private static final YamlNode.Location HERE = new YamlNode.Location("f.yaml", 1);

    @Test
    void describeShowsLineBreaksAndControlCharactersEscaped() {
        assertEquals("string 'no\\nyes'", YamlNode.describe(new YamlNode.Scalar("no\nyes", YamlNode.Scalar.Kind.STRING,
                HERE)));
        assertEquals("'a\\r\\tb\\u001b[31m\\u2028\\u202ec'", YamlNode.quote("a\r\tb\u001b[31m\u2028\u202ec"));
        assertEquals("'plain, with \"quotes\" and é'", YamlNode.quote("plain, with \"quotes\" and é"));
    }

    @Test
    void longValuesAreShortened() {
        assertEquals("x".repeat(80) + "... (5000 characters)", YamlNode.printable("x".repeat(5000)));
    }
}
