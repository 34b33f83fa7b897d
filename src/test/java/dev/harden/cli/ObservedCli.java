package dev.harden.cli;

import dev.harden.module.Modules;
import dev.harden.transport.Host;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;

/**
 * Runs the harden command line in-process (the built-in modules) with every connection to a host
 * passed through {@code hosts}: integration tests see each command a run sends, exactly as sent.
 */
public final class ObservedCli {

    private ObservedCli() {
    }

    public static int run(UnaryOperator<Host> hosts, PrintWriter out, PrintWriter err, String... args) {
        return Main.commandLine(Modules.builtIn(), hosts, out, err).execute(args);
    }
}
