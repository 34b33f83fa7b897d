package dev.harden.cli;

import dev.harden.engine.Engine;
import dev.harden.engine.Progress;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the commands share about their surroundings: colours, progress, the engine.
 *
 * <p>Colour: only on a terminal, and never with {@code NO_COLOR} set (https://no-color.org),
 * {@code TERM=dumb} or {@code --no-color}. Progress on stderr: a status line redrawn in place
 * when stderr is a terminal that can redraw (not {@code TERM=dumb}, not in CI); otherwise plain,
 * timestamped lines, one per host as it finishes, so CI logs and redirected output stay readable.
 */
final class Terminal {

    /**
     * {@code --no-color} of the command being run. Per thread, because commands run on the
     * caller's thread and tests run several command lines at once; set while picocli parses.
     */
    private static final ThreadLocal<Boolean> NO_COLOUR = ThreadLocal.withInitial(() -> false);

    private Terminal() {
    }

    static boolean interactive() {
        return System.console() != null;
    }

    /** Set from {@code --no-color} while the command line is parsed (false when it is not given). */
    static void noColour(boolean noColour) {
        NO_COLOUR.set(noColour);
    }

    static boolean noColourRequested() {
        return NO_COLOUR.get();
    }

    /** Colours only on a terminal that wants them (https://no-color.org, TERM=dumb, --no-color). */
    static boolean colour() {
        return interactive() && wantsColour();
    }

    private static boolean wantsColour() {
        String noColor = System.getenv("NO_COLOR");
        return !noColourRequested() && (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }

    /** Text for people on {@code out}: the only way plans, results and messages are printed. */
    static HumanOutput human(PrintWriter out) {
        return new HumanOutput(out, colour());
    }

    /** Progress on {@code err}; the engine names the stages (the verb is no longer needed). */
    static Progress progress(PrintWriter err, String verb) {
        return progress(err);
    }

    /**
     * Progress on {@code err}: a status line on a terminal, with colour unless unwanted;
     * timestamped lines otherwise.
     */
    static Progress progress(PrintWriter err) {
        if (stderrIsTerminal() && !"dumb".equals(System.getenv("TERM")) && !inCi()) {
            return new StatusLine(new HumanOutput(err, wantsColour()), columns(), System::nanoTime);
        }
        return new ProgressLog(new HumanOutput(err, false), Clock.systemUTC());
    }

    /** CI systems set CI (GitHub Actions, GitLab, Jenkins with the usual plugins, Buildkite, ...). */
    private static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !"false".equalsIgnoreCase(ci);
    }

    /**
     * Whether this process's stderr is a terminal: on Linux, what file descriptor 2 points to
     * (a pseudo-terminal or a console); elsewhere, whether the process has a console at all.
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return interactive();
        }
    }

    /** The terminal's width: $COLUMNS, else what stty says about the controlling terminal, else 80. */
    static int columns() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d{1,4}") && Integer.parseInt(columns) >= 20) {
            return Integer.parseInt(columns);
        }
        File tty = new File("/dev/tty");
        if (tty.exists()) {
            try {
                Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0 && size.matches("\\d+ \\d+")) {
                    int width = Integer.parseInt(size.substring(size.indexOf(' ') + 1));
                    if (width >= 20) {
                        return width;
                    }
                }
            } catch (IOException e) {
                return 80;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 80;
    }

    /** The engine over the modules the command line was made with. */
    static Engine engine(CommandSpec spec) {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        Main main = (Main) spec.root().userObject();
        return new Engine(main.modules(), base.resolve("harden"), main.hosts());
    }
}
