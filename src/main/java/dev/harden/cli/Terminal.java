package dev.harden.cli;

import dev.harden.engine.Engine;
import dev.harden.engine.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** What the commands share about their surroundings: colours, progress, the engine. */
final class Terminal {

    private Terminal() {
    }

    static boolean interactive() {
        return System.console() != null;
    }

    /** Colours only on a terminal that wants them (https://no-color.org, TERM=dumb). */
    static boolean colour() {
        return interactive() && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    }

    /** Text for people on {@code out}: the only way plans, results and messages are printed. */
    static HumanOutput human(PrintWriter out) {
        return new HumanOutput(out, colour());
    }

    /** Progress lines on stderr, only on a terminal (CI logs get the grouped result only). */
    static Progress progress(PrintWriter err, String verb) {
        return interactive() ? progressLines(new HumanOutput(err, false), verb) : Progress.NONE;
    }

    /** "  planned [3/40] web7", one whole line per host as it finishes. */
    static Progress progressLines(HumanOutput err, String verb) {
        return (host, done, total) -> {
            err.line("  " + verb + " [" + done + "/" + total + "] " + host);
            err.flush();
        };
    }

    /** The engine over the modules the command line was made with. */
    static Engine engine(CommandSpec spec) {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        Main main = (Main) spec.root().userObject();
        return new Engine(main.modules(), base.resolve("harden"), main.hosts());
    }
}
