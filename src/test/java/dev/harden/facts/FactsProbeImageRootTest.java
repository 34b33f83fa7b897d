package dev.harden.facts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ImageRoots;
import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real probe script (sh, stat, base64) against the example Debian 12 image root. */
class FactsProbeImageRootTest {

    @Test
    void gathersFromTheDebian12Image() throws IOException {
        Path root = ImageRoots.DEBIAN12;
        Facts facts = FactsProbe.gather(new ImageRootHost("img", root), "",
                List.of("/etc/ssh/sshd_config", "/etc/sudoers.d/harden"));
        assertEquals("debian", facts.osId());
        assertEquals("12", facts.osVersion());
        assertEquals(Optional.of(new OpenSshVersion(9, 2)), facts.openssh());
        assertTrue(facts.isImageRoot());
        assertEquals(List.of(), facts.hostKeys());
        assertTrue(facts.sshdEffective().isEmpty());
        FileState.Present config = assertInstanceOf(FileState.Present.class, facts.file("/etc/ssh/sshd_config"));
        assertArrayEquals(Files.readAllBytes(root.resolve("etc/ssh/sshd_config")), config.content());
        assertEquals(0644, config.mode());
        assertInstanceOf(FileState.Absent.class, facts.file("/etc/sudoers.d/harden"));
    }
}
