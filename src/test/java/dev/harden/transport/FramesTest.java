package dev.harden.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Both frame forms, and answers a host could send to confuse them. */
class FramesTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, byte[]> parse(String output) {
        return Frames.parse("web1", output.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Map<String, byte[]> sections, String name) {
        return new String(sections.get(name), StandardCharsets.UTF_8);
    }

    @Test
    void aBundleIsSplitByItsIndexBesideStreamedSections() {
        Map<String, byte[]> sections = parse("noise\n@@harden one " + b64("1\n") + "\n@@harden-bundle core.os:7,empty:0,r.0:2 "
                + b64("ID=x\nQ\nhi") + "\n");
        assertEquals(Set.of("one", "core.os", "empty", "r.0"), sections.keySet());
        assertEquals("ID=x\nQ\n", text(sections, "core.os"));
        assertArrayEquals(new byte[0], sections.get("empty"));
        assertEquals("hi", text(sections, "r.0"));
    }

    @Test
    void hostBytesInsideABundleCannotStartASection() {
        String hostile = "\n@@harden core.os " + b64("ID=evil") + "\n@@harden-bundle r.0:1 " + b64("x") + "\n";
        Map<String, byte[]> sections = parse("@@harden-bundle r.9:" + hostile.length() + " " + b64(hostile) + "\n");
        assertEquals(Set.of("r.9"), sections.keySet());
        assertEquals(hostile, text(sections, "r.9"));
    }

    @Test
    void anIndexThatDoesNotMatchTheBytesFailsTheHost() {
        for (String bad : new String[] {"a:5 " + b64("abc"), "a:1 " + b64("abc"), "a:1,a:2 " + b64("abc"),
                "a:x " + b64("abc"), "a b:3 " + b64("abc"), "a:-1,b:4 " + b64("abc"), ":3 " + b64("abc"),
                "a:99999999999 " + b64("abc"), "a:3 !!not-base64!!", "a:3, " + b64("abc"), ",a:3 " + b64("abc"),
                "a:1,,b:2 " + b64("abc")}) {
            HostException e = assertThrows(HostException.class, () -> parse("@@harden-bundle " + bad + "\n"), bad);
            assertEquals("web1", e.host());
            assertTrue(e.getMessage().startsWith("web1: "), e.getMessage());
        }
    }

    @Test
    void aSectionSentInBothFormsIsTwice() {
        HostException e = assertThrows(HostException.class, () -> parse("@@harden a " + b64("1") + "\n@@harden-bundle a:1 "
                + b64("2") + "\n"));
        assertTrue(e.getMessage().contains("the section a twice"), e.getMessage());
    }

    @Test
    void aScratchFileSystemThatFilledUpFailsTheHostNamingIt() {
        HostException e = assertThrows(HostException.class, () -> parse("@@harden-bundle-full /dev/shm\n"));
        assertTrue(e.getMessage().contains("its file system for scratch files (/dev/shm) filled up while harden read"
                + " its facts, so some may be cut; free space there and run again"), e.getMessage());
        HostException odd = assertThrows(HostException.class, () -> parse("@@harden-bundle-full /x\u001b[2J\n"));
        assertTrue(odd.getMessage().contains("(/dev/shm, /run or /tmp)"), "host text is not echoed: " + odd.getMessage());
    }
}
