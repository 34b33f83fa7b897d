package dev.harden.cli;

import dev.harden.engine.Engine;
import dev.harden.engine.Progress;
import dev.harden.module.Modules;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Help.Ansi;

/** What the commands share about their surroundings: colours, progress, the engine. */
final class Terminal {

    private Terminal() {
    }

    static boolean interactive() {
        return System.console() != null;
    }

    static Ansi ansi() {
        return interactive() && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"))
                ? Ansi.ON : Ansi.OFF;
    }

    /** Progress lines on stderr, only on a terminal (CI logs get the grouped result only). */
    static Progress progress(PrintWriter err, String verb) {
        if (!interactive()) {
            return Progress.NONE;
        }
        return (host, done, total) -> {
            synchronized (err) {
                err.println("  " + verb + " [" + done + "/" + total + "] " + host);
                err.flush();
            }
        };
    }

    static Engine engine() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return new Engine(Modules.builtIn(), base.resolve("harden"));
    }
}
