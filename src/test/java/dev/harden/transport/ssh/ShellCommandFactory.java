package dev.harden.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * Test server side: runs each exec request with {@code /bin/sh -c}, like OpenSSH's sshd does
 * with the user's shell. {@code binDir} (if set) is put first on PATH, for a fake sudo.
 */
final class ShellCommandFactory implements CommandFactory {

    private final Path binDir;

    ShellCommandFactory(Path binDir) {
        this.binDir = binDir;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        return new ShellCommand(command, binDir);
    }

    private static final class ShellCommand implements Command {
        private final String commandLine;
        private final Path binDir;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Process process;

        ShellCommand(String commandLine, Path binDir) {
            this.commandLine = commandLine;
            this.binDir = binDir;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", commandLine);
            if (binDir != null) {
                builder.environment().put("PATH", binDir + ":" + builder.environment().getOrDefault("PATH", "/bin"));
            }
            process = builder.start();
            Thread feeder = pump(in, process.getOutputStream(), true);
            List<Thread> readers = new ArrayList<>(List.of(pump(process.getInputStream(), out, false),
                    pump(process.getErrorStream(), err, false)));
            Thread waiter = new Thread(() -> {
                try {
                    int code = process.waitFor();
                    for (Thread reader : readers) {
                        reader.join();
                    }
                    feeder.interrupt();
                    exit.onExit(code);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-sshd-wait");
            waiter.setDaemon(true);
            waiter.start();
        }

        private static Thread pump(InputStream from, OutputStream to, boolean closeTarget) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                        to.write(buffer, 0, n);
                        to.flush();
                    }
                } catch (IOException e) {
                    // the other side went away; the process exit status still counts
                } finally {
                    if (closeTarget) {
                        try {
                            to.close();
                        } catch (IOException e) {
                            // nothing to do
                        }
                    }
                }
            }, "test-sshd-pump");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
