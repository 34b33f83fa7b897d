package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.ValidationErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Turns whatever ends a command abnormally into one line on stderr (one per error when validation
 * found several, then their count) and exit code 1; the stack
 * trace only with --debug. A {@link HardenException} message already says what to fix; anything
 * else is a bug. It is also the execution strategy, because picocli hands only {@link Exception}s
 * to an exception handler: an {@link Error} (out of memory, stack overflow) would otherwise escape
 * {@code execute} and end the JVM with a stack trace. Messages often quote a host or a file, so
 * they are printed through {@link HumanOutput} like the rest.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IExecutionStrategy {

    private final CommandLine.IExecutionStrategy strategy = new CommandLine.RunLast();

    @Override
    public int execute(CommandLine.ParseResult parseResult) {
        try {
            return strategy.execute(parseResult);
        } catch (Error e) {
            return report(e, parseResult);
        }
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        return report(e, parseResult);
    }

    private static int report(Throwable e, CommandLine.ParseResult parseResult) {
        boolean debug = parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"))
                || parseResult.hasMatchedOption("--debug");
        HumanOutput err = new HumanOutput(parseResult.commandSpec().commandLine().getErr(), false);
        if (e instanceof ValidationErrors.Failed failed && failed.errors().size() > 1) {
            failed.errors().forEach(error -> err.line("harden: error: " + error)); // one line each
            err.line("harden: " + failed.errors().size() + " errors" + (failed.stopped() ? " (validation stopped"
                    + " there: fix these and run again to see any others)" : ""));
        } else {
            err.line("harden: " + summary(e));
        }
        if (debug) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(err::line); // messages in the trace can hold host output too
        }
        err.flush();
        return ExitCodes.ERROR;
    }

    private static String summary(Throwable e) {
        if (e instanceof HardenException) {
            return "error: " + e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            String what = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
            return "error: out of memory" + what + ": an input is far larger than expected, or Java needs more"
                    + " memory (like JAVA_TOOL_OPTIONS=-Xmx2g); run with --debug to see where";
        }
        return "internal error: " + e + " (please report it; run with --debug for details)";
    }
}
