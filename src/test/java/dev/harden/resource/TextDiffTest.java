package dev.harden.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextDiffTest {

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void creation() {
        assertEquals("--- /dev/null\n+++ /etc/x (abc)\n@@ -1,0 +1,2 @@\n+a\n+b\n",
                TextDiff.unified("/etc/x", null, b("a\nb\n"), "abc"));
    }

    @Test
    void change() {
        assertEquals("--- /etc/x (on host)\n+++ /etc/x (desired)\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n",
                TextDiff.unified("/etc/x", b("a\nb\nc\n"), b("a\nB\nc\n"), "desired"));
    }

    @Test
    void identicalContentHasNoDiff() {
        assertEquals("", TextDiff.unified("/etc/x", b("a\n"), b("a\n"), "desired"));
    }
}
