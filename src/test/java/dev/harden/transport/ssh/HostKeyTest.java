package dev.harden.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.signature.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyTest {

    @Test
    void encodesAndNamesKeysLikeOpenSsh() {
        KeyPair ed = TestKeys.ed25519();
        HostKey key = HostKey.of(ed.getPublic());

        assertEquals("ssh-ed25519", key.type());
        assertEquals("ED25519", key.displayType());
        assertEquals(TestKeys.publicLine(ed), key.encoded());
        assertTrue(key.fingerprint().matches("SHA256:[A-Za-z0-9+/]{43}"), key.fingerprint());
        assertEquals("RSA", HostKey.of(TestKeys.rsa().getPublic()).displayType());
        assertEquals("ECDSA", HostKey.of(TestKeys.ecdsa().getPublic()).displayType());
        assertTrue(key.sameKey(HostKey.of(ed.getPublic())));
        assertFalse(key.sameKey(HostKey.of(TestKeys.ed25519().getPublic())));
    }

    @Test
    void fingerprintEqualsSshKeygens(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen is not installed");
        KeyPair ed = TestKeys.ed25519();
        Path pub = Files.writeString(dir.resolve("key.pub"), TestKeys.publicLine(ed) + " test\n");

        String printed = run("/usr/bin/ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString());

        assertTrue(printed.contains(HostKey.of(ed.getPublic()).fingerprint()), printed);
    }

    @Test
    void pinnedKeyTypesGoFirstAndNothingIsDropped() {
        List<NamedFactory<Signature>> all = List.copyOf(NamedFactory.setUpBuiltinFactories(false,
                SshConnector.SIGNATURES));

        List<NamedFactory<Signature>> ordered = PinnedKeyTypesFirst.reorder(all, Set.of("ssh-rsa"));

        assertEquals(List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-ed25519", "ecdsa-sha2-nistp256",
                "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"), NamedResource.getNameList(ordered));
        assertEquals(List.of("ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256", "ecdsa-sha2-nistp256",
                "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"), NamedResource.getNameList(all));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
