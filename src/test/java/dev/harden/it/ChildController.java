package dev.harden.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * harden running in its own JVM, so a test can SIGKILL it mid-apply: the controller dies right
 * after activation, and only the on-host revert timer can undo the change.
 */
final class ChildController {

    private ChildController() {
    }

    /**
     * Starts {@code harden ARGS} (output to {@code log}), waits inside {@code host} until
     * {@code path} no longer has sha256 {@code before}, then kills the controller at once.
     */
    static void killAfterActivation(TestHost host, String path, String before, Path log, String... args)
            throws Exception {
        killWhen(host, "[ \"$(sha256sum < " + path + " | cut -d' ' -f1)\" != " + before + " ]", log, args);
    }

    /** Starts {@code harden ARGS} in its own JVM, its output to {@code log}. */
    static Process start(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.harden.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Starts {@code harden ARGS} and kills it the moment the shell test {@code condition} holds on the host. */
    static void killWhen(TestHost host, String condition, Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.harden.cli.Main"));
        command.addAll(List.of(args));
        Process controller = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        host.execResult("sh", "-c", "for i in $(seq 1 400000); do " + condition + " && break; done");
        controller.destroyForcibly(); // SIGKILL
        controller.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits up to 40 s for the newest generation to be marked reverted; returns its meta. */
    static String newestGenerationOnceReverted(TestHost host) throws Exception {
        String meta = "";
        for (int i = 0; i < 40 && !meta.contains("status=reverted"); i++) {
            Thread.sleep(1000);
            meta = host.exec("sh", "-c", "cat /var/lib/harden/generations/$(ls -1 /var/lib/harden/generations | sort"
                    + " | tail -n 1)/meta");
        }
        return meta;
    }
}
