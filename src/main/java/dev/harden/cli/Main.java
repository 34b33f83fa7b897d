package dev.harden.cli;

import dev.harden.module.Modules;
import dev.harden.transport.Host;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The harden command line: thin commands over the engine. */
@Command(name = "harden", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR, versionProvider = Version.class,
        description = {
            "Declarative server hardening: the desired state lives in Git, and harden plans per-host diffs and"
                + " applies them over SSH, idempotently, validating every file before it is activated.",
            "",
            "A desired-state repository holds policies/ (YAML), templates/ (Freemarker, overriding the built-in"
                + " ones) and inventory/ (hosts, groups, and pinned host keys in inventory/known_hosts)."},
        subcommands = {PlanCommand.class, ApplyCommand.class, ShowCommand.class, CheckCommand.class,
            RollbackCommand.class, HistoryCommand.class, StatusCommand.class, HoldCommand.class, ReleaseCommand.class,
            WatchCommand.class, CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class},
        footer = {"", "Exit codes: 0 success, 1 error, 2 changes (plan --detailed-exitcode only).", "",
            "harden COMMAND --help describes a command."})
public final class Main {

    private final Modules modules;
    private final UnaryOperator<Host> hosts;

    private Main(Modules modules, UnaryOperator<Host> hosts) {
        this.modules = modules;
        this.hosts = hosts;
    }

    /** With the built-in modules: how picocli's generators (man pages, completion) build the command line. */
    private Main() {
        this(Modules.builtIn(), UnaryOperator.identity());
    }

    /** The modules every command plans with (the built-in ones, or a test's). */
    Modules modules() {
        return modules;
    }

    /** What every connection to a host passes through (the identity, or a test's observer). */
    UnaryOperator<Host> hosts() {
        return hosts;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs harden with the process's streams and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs harden with the given output streams (tests capture them) and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /** The configured command line (tests add commands of their own to it). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(Modules.builtIn(), out, err);
    }

    /** The command line over other modules than the built-in ones (tests of the commands with modules of their own). */
    static CommandLine commandLine(Modules modules, PrintWriter out, PrintWriter err) {
        return commandLine(modules, UnaryOperator.identity(), out, err);
    }

    /** The command line whose every connection to a host passes through {@code hosts} (tests observe commands). */
    static CommandLine commandLine(Modules modules, UnaryOperator<Host> hosts, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main(modules, hosts));
        commandLine.setUsageHelpAutoWidth(true); // help wraps at the terminal's width (80 columns when unknown)
        commandLine.setOut(out);
        commandLine.setErr(err);
        ErrorReporter errors = new ErrorReporter();
        commandLine.setExecutionStrategy(errors);
        commandLine.setExecutionExceptionHandler(errors);
        return commandLine;
    }
}
