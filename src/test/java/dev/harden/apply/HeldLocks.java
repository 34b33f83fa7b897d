package dev.harden.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/** Host locks as another run leaves them in an image root's /var/lib/harden/lock. */
public final class HeldLocks {

    public static final String TOKEN = "20260101T000000Z-0badf00d";
    public static final String HOLDER = "alice@ops";
    public static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";

    private HeldLocks() {
    }

    /** This machine as harden names it in the locks it takes. */
    public static String thisController() {
        return Controller.NAME;
    }

    /** Writes the lock a run of process {@code pid} on {@code controller} took {@code ageSeconds} ago. */
    public static Path write(Path root, String controller, long pid, long ageSeconds) {
        Instant since = Instant.now().minusSeconds(ageSeconds);
        try {
            Path harden = root.resolve("var/lib/harden");
            Files.createDirectories(harden.resolve("lock"));
            Files.setPosixFilePermissions(harden, PosixFilePermissions.fromString("rwx------"));
            Path info = harden.resolve("lock/info");
            Files.writeString(info, "token=" + TOKEN + "\nholder=" + HOLDER + "\ncommit=" + COMMIT + "\ncontroller="
                    + controller + "\npid=" + pid + "\nsince=" + since.toString().replaceAll("\\.\\d+Z$", "Z")
                    + "\nsince_epoch=" + since.getEpochSecond() + "\n");
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process of this machine that stays alive until destroyed, standing for a run in progress. */
    public static Process liveProcess() {
        try {
            return new ProcessBuilder("sleep", "300").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid of a process of this machine that has ended. */
    public static long deadPid() {
        Process process = liveProcess();
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.pid();
    }
}
