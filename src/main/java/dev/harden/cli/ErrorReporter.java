package dev.harden.cli;

import dev.harden.HardenException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Turns exceptions into one line on stderr and exit code 1; the stack trace only with --debug.
 * A {@link HardenException} message already says what to fix; anything else is a bug. Messages
 * often quote a host or a file, so they are printed through {@link HumanOutput} like the rest.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean debug = parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"))
                || parseResult.hasMatchedOption("--debug");
        HumanOutput err = new HumanOutput(commandLine.getErr(), false);
        if (e instanceof HardenException) {
            err.line("harden: error: " + e.getMessage());
        } else {
            err.line("harden: internal error: " + e + " (please report it; run with --debug for details)");
        }
        if (debug) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(err::line); // messages in the trace can hold host output too
        }
        err.flush();
        return ExitCodes.ERROR;
    }
}
