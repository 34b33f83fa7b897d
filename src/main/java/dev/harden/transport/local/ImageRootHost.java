package dev.harden.transport.local;

import dev.harden.transport.BoundedOutput;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import dev.harden.transport.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A host that is an image root directory on this machine (a golden image before it boots, a
 * chroot, a container's root file system). Runs the same scripts as over SSH, locally, with
 * HARDEN_ROOT set so every path is taken below the root. Services are not reloaded: the image
 * starts with the new files. Also the fast, real host for unit tests.
 */
public final class ImageRootHost implements Host {

    /** Where harden keeps its generations, backups and lock on every host. */
    private static final String STATE_DIRECTORY = "/var/lib/harden";

    private final String name;
    private final Path root;

    /**
     * Refuses a root that is not a directory, and this machine's own root in any spelling ("/",
     * "/tmp/..", a symlink to it, /proc/self/root, a bind mount of it): that is not an image,
     * and planning against it would change the controller.
     */
    public ImageRootHost(String name, Path root) {
        this.name = name;
        this.root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.root)) {
            throw new HostException(name, name + ": image root " + root + " is not a directory");
        }
        if (isThisMachinesRoot(name, realRoot())) {
            throw new HostException(name, name + ": image root " + this.root + " is this machine's own root (/), not"
                    + " an image; give the directory of an image, or reach this machine over SSH like any host");
        }
    }

    @Override
    public String name() {
        return name;
    }

    public Path root() {
        return root;
    }

    @Override
    public ExecResult run(Command command) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", Shell.BOOTSTRAP, "harden"));
        argv.addAll(command.args());
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put("HARDEN_ROOT", root.toString());
        try {
            Process process = builder.start();
            BoundedOutput outBuffer = new BoundedOutput();
            BoundedOutput errBuffer = new BoundedOutput();
            CompletableFuture<byte[]> out = drain(process.getInputStream(), outBuffer);
            CompletableFuture<byte[]> err = drain(process.getErrorStream(), errBuffer);
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(Shell.input(command));
            } catch (IOException e) {
                // the script exited without reading all of its input; its exit status tells
            }
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new HostException(name, name + ": " + command.purpose() + " did not finish within "
                        + command.timeout().toSeconds() + " s");
            }
            byte[] stdout = out.join();
            byte[] stderr = err.join();
            if (outBuffer.overflowed() || errBuffer.overflowed()) {
                throw (outBuffer.overflowed() ? outBuffer : errBuffer).overflow(name, command.purpose());
            }
            return new ExecResult(process.exitValue(), stdout, stderr);
        } catch (IOException e) {
            throw new HostException(name, name + ": cannot run " + command.purpose() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(name, name + ": interrupted during " + command.purpose(), e);
        }
    }

    /**
     * Refuses any managed path, or the state directory, that leads outside the image through a
     * symlink or "..": the scripts run on this machine, so a link in the image is followed here.
     */
    @Override
    public void checkManagedPaths(Collection<String> absolutePaths) {
        ImageContainment image = new ImageContainment(name, realRoot());
        for (String path : absolutePaths) {
            image.checkManagedFile(path);
        }
        image.checkStateDirectory(STATE_DIRECTORY);
    }

    @Override
    public String probeNewSession() {
        return Files.isDirectory(root) ? null : "image root " + root + " disappeared";
    }

    @Override
    public boolean canLoseAccess() {
        return false;
    }

    @Override
    public void close() {
        // nothing held open
    }

    private Path realRoot() {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new HostException(name, name + ": image root " + root + " cannot be resolved: " + e.getMessage(), e);
        }
    }

    /** "/" itself, or the same directory under another name (a bind mount of "/"). */
    private static boolean isThisMachinesRoot(String name, Path realRoot) {
        try {
            return realRoot.getParent() == null || Files.isSameFile(realRoot, realRoot.getRoot());
        } catch (IOException e) {
            throw new HostException(name, name + ": cannot tell whether image root " + realRoot
                    + " is this machine's own root: " + e.getMessage(), e);
        }
    }

    /** Reads a stream to its end on its own thread, so neither pipe can fill up and block the process. */
    private static CompletableFuture<byte[]> drain(InputStream stream, BoundedOutput buffer) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                byte[] chunk = new byte[65536];
                for (int n; (n = stream.read(chunk)) >= 0; ) {
                    if (!buffer.overflowed()) {
                        try {
                            buffer.write(chunk, 0, n);
                        } catch (IOException overflow) {
                            // keep draining so the process can finish; the overflow is reported
                        }
                    }
                }
                result.complete(buffer.toByteArray());
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "harden-local-drain");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
