package dev.harden.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Facts;
import dev.harden.facts.FactsProbe;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Planner;
import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image root is data from wherever the image came from, and so are its binaries: validating a
 * file with the image's own visudo must not run a binary planted there as root on this machine,
 * nor anywhere outside the image. The planted visudo here tries to write where only root can (the
 * image's /etc, owned by this machine's root, 0755) and leaves a note where anyone can (the image's
 * /tmp, 1777); others try to leave the image or to leave a process behind.
 */
class ImageValidatorIsolationTest {

    private static final String MARKER = "etc/harden-validator-ran-as-root";
    private static final String NOTE = "tmp/planted-visudo-ran";

    @TempDir
    Path temp;

    private Path root;
    private byte[] sshdConfig;

    @BeforeEach
    void image() throws IOException {
        assertEquals(0L, new UnixSystem().getUid(), "these tests run as root, as CI does: validating in an image"
                + " root drops from root to uid 65534 (setpriv), which only root can do");
        root = ImageRoots.withShell(ImageRoots.copyDebian12(temp.resolve("img")), "/usr/bin/id", "/usr/bin/sleep");
        sshdConfig = Files.readAllBytes(root.resolve("etc/ssh/sshd_config"));
    }

    /** The image's own /dev/null, which its sh and perl need. */
    private void devNull() throws IOException {
        Files.createDirectories(root.resolve("dev"));
        try {
            Process mknod = new ProcessBuilder("mknod", "-m", "666", root.resolve("dev/null").toString(), "c", "1", "3")
                    .inheritIO().start();
            assertEquals(0, mknod.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The image's own programs run as uid 65534, which must be able to reach the image root. */
    private void openToNobody() throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
    }

    @Test
    void plantedValidatorRunsAsNobodyInsideTheImage() throws IOException {
        openToNobody();
        ImageRoots.script(root, "/usr/sbin/visudo", """
                #!/bin/sh
                { echo "planted visudo ran as $(id) with $*"; [ -r "$4" ] && echo "the copy is readable"; } > /tmp/planted-visudo-ran
                echo pwned > /etc/harden-validator-ran-as-root && echo "wrote the marker"
                exit 0
                """);

        HostApplyResult result = apply();

        assertEquals(HostApplyResult.Status.APPLIED, result.status(), result.toString());
        assertTrue(result.steps().contains("validated /etc/sudoers.d/harden (visudo -c -q -f {})"), result.steps()
                .toString());
        assertFalse(Files.exists(root.resolve(MARKER)), "the planted validator wrote where only root can");
        Path note = root.resolve(NOTE);
        assertTrue(Files.exists(note), "the planted validator ran");
        assertEquals(65534, Files.getAttribute(note, "unix:uid"), "it ran as nobody on this machine");
        String said = Files.readString(note);
        assertTrue(said.startsWith("planted visudo ran as uid=65534 gid=65534"), "nobody inside its namespace too: "
                + said);
        assertTrue(said.contains(" with -c -q -f /tmp/.harden-validate."), said);
        assertTrue(said.contains("the copy is readable"), said);
        assertEquals(List.of(), leftovers());
    }

    @Test
    void failingValidatorInTheImageStopsTheApplyWithItsMessage() throws IOException {
        openToNobody();
        ImageRoots.script(root, "/usr/sbin/visudo", """
                #!/bin/sh
                echo pwned > /etc/harden-validator-ran-as-root
                echo ">>> $4: syntax error near line 3 <<<"
                echo "parse error in $4 near line 3" >&2
                exit 1
                """);

        HostApplyResult result = apply();

        assertEquals(HostApplyResult.Status.FAILED, result.status(), result.toString());
        assertTrue(result.error().startsWith("/etc/sudoers.d/harden is invalid, nothing was changed; visudo -c -q -f {}"
                + " says: /usr/sbin/visudo: 2: cannot create /etc/harden-validator-ran-as-root: Permission denied"
                + " >>> /tmp/.harden-validate."), result.error());
        assertTrue(result.error().contains("syntax error near line 3 <<< parse error in"), result.error());
        assertNull(result.generation());
        assertFalse(Files.exists(root.resolve(MARKER)));
        assertArrayEquals(sshdConfig, Files.readAllBytes(root.resolve("etc/ssh/sshd_config")), "nothing changed");
        assertFalse(Files.exists(root.resolve("etc/sudoers.d/harden")));
        try (Stream<Path> generations = Files.list(root.resolve("var/lib/harden/generations"))) {
            assertEquals(0, generations.count(), "no generation is recorded");
        }
        assertFalse(Files.exists(root.resolve("var/lib/harden/lock")), "the lock is released");
        assertEquals(List.of(), leftovers());
    }

    /**
     * The classic way out of a chroot: chroot into a directory below, walk up past the root, chroot
     * there. It needs the capability to chroot, which root has, even root of a user namespace; a
     * validator must not have it, or it leaves the image and works on this machine as uid 65534.
     */
    @Test
    void plantedValidatorCannotLeaveTheImage() throws IOException {
        openToNobody();
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxrwxrwx")); // anyone could write here
        Path escaped = outside.resolve("escaped");
        ImageRoots.withShell(root, "/usr/bin/perl");
        devNull(); // perl -e reads its script file from /dev/null
        ImageRoots.script(root, "/usr/sbin/visudo", """
                #!/bin/sh
                LC_ALL=C exec /usr/bin/perl -e '
                  mkdir "/tmp/jail";
                  chroot "/tmp/jail" or die "chroot: $!\\n";
                  chdir ".." for 1 .. 64;
                  chroot "." or die "chroot back: $!\\n";
                  open(my $f, ">", $ARGV[0]) or die "open $ARGV[0]: $!\\n";
                  print $f "escaped\\n";
                  print "left the image\\n";
                ' %s
                """.formatted(escaped));

        HostApplyResult result = apply();

        assertFalse(Files.exists(escaped), "the planted validator left the image: " + result);
        assertEquals(HostApplyResult.Status.FAILED, result.status(), result.toString());
        assertTrue(result.error().endsWith("visudo -c -q -f {} says: chroot: Operation not permitted"), result.error());
    }

    /** Nothing a planted validator starts outlives it: no process of the image stays behind on this machine. */
    @Test
    void aProcessThePlantedValidatorLeavesBehindEndsWithIt() throws IOException, InterruptedException {
        openToNobody();
        devNull(); // the image's sh starts a job in the background with its input from /dev/null
        ImageRoots.script(root, "/usr/sbin/visudo", """
                #!/bin/sh
                ( /usr/bin/sleep 2; echo "still here" > /tmp/validator-lingered ) > /dev/null 2>&1 &
                exit 0
                """);

        HostApplyResult result = apply();

        assertEquals(HostApplyResult.Status.APPLIED, result.status(), result.toString());
        Thread.sleep(3000);
        assertFalse(Files.exists(root.resolve("tmp/validator-lingered")), "a process of the image outlived validation");
    }

    /** An image below a directory closed to others: its validator cannot run, and that is not the file's fault. */
    @Test
    void imageNobodyCannotReachIsNotValidatedAndSaysWhy() throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx------"));
        ImageRoots.script(root, "/usr/sbin/visudo", "#!/bin/sh\necho pwned > /etc/harden-validator-ran-as-root\nexit 1\n");

        HostApplyResult result = apply();

        assertEquals(HostApplyResult.Status.APPLIED, result.status(), result.toString());
        assertTrue(result.steps().contains("/etc/sudoers.d/harden: not validated: uid 65534 cannot reach the image root "
                + root + " (a directory above it is closed to others)"), result.steps().toString());
        assertFalse(Files.exists(root.resolve(MARKER)));
        assertEquals(List.of(), leftovers());
    }

    private HostApplyResult apply() {
        DesiredState state = TestRepos.imageRoot("img", root.toString());
        ImageRootHost host = new ImageRootHost("img", root);
        var entry = state.inventory().hosts().get("img");
        Facts facts = FactsProbe.gather(host, "", state.modules().probe(state.policyFor(entry)));
        HostPlan plan = Planner.plan(entry, facts, state);
        assertEquals(2, plan.changes().size(), plan.toString());
        return new Applier(ApplyContext.apply(TestRepos.COMMIT, "tester"), state.modules().onHostCode())
                .apply(host, plan, h -> plan, h -> List.of());
    }

    /** Staged dot-files beside their targets, and validation copies in the image's /tmp. */
    private List<Path> leftovers() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().contains(".harden-")).toList();
        }
    }
}
