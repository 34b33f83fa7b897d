package dev.harden.cli;

import dev.harden.HardenException;
import picocli.CommandLine;

/**
 * Turns exceptions into one line on stderr and exit code 1; the stack trace only with --debug.
 * A {@link HardenException} message already says what to fix; anything else is a bug.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean debug = parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"))
                || parseResult.hasMatchedOption("--debug");
        var err = commandLine.getErr();
        if (e instanceof HardenException) {
            err.println("harden: error: " + e.getMessage());
        } else {
            err.println("harden: internal error: " + e + " (please report it; run with --debug for details)");
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.ERROR;
    }
}
