package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.apply.ApplyContext;
import dev.harden.desired.DesiredState;
import dev.harden.desired.ExemptionEdit;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.engine.HostExceptionEnd;
import dev.harden.facts.Exemption;
import dev.harden.policy.Overlay;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "except", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Open a time-boxed exception to the desired state on hosts; it ends on time by itself.",
            "",
            "--set KEY=VALUE changes a policy key and KEY+=VALUE adds to a list key; VALUE is YAML in flow style,"
                + " checked like a policy file (e.g. --set 'firewall.allow+={port: 8080}'). The exception is planned"
                + " and applied like any change (diffs, validation, commit-confirmed) and recorded ON the host with"
                + " who, why and until when (/var/lib/harden/exceptions/ID), so every controller, CI run and the"
                + " watcher keep it, even across new commits, until it ends.",
            "",
            "At its end the host itself puts back the desired state without it, with no controller and no Git."
                + " An exception that weakens access control (passwords, root login, sudo logging, the firewall's"
                + " default) needs --weaken-access and is shown in red.",
            "",
            "--extend ID moves an exception's end; --end ID ends it now (the host runs its own end)."},
        footer = {"", "Examples:",
            "  harden except -l web1 --set 'firewall.allow+={port: 8080}' --for 2h \\",
            "      --reason 'INC-4711: debug the API' --id inc-4711",
            "  harden except -l web1 --extend inc-4711 --for 1h",
            "  harden except -l web1 --end inc-4711",
            "", "Exit codes: 0 every host done (or already so), 1 an error on any host."})
final class ExceptCommand implements Callable<Integer> {

    /** Exceptions are for incidents: longer ones are extensions, each of them recorded. */
    static final Duration LONGEST = Duration.ofDays(7);

    @Mixin
    FleetOptions fleet;

    @Mixin
    SafetyOptions safety;

    @Option(names = "--set", paramLabel = "KEY=VALUE|KEY+=VALUE",
            description = "A policy change for the exception's time (repeatable).")
    List<String> set = new ArrayList<>();

    @Option(names = "--for", paramLabel = "DURATION",
            description = "How long it lasts: 90s, 30m, 2h, 1d (at most 7d).")
    String length;

    @Option(names = "--until", paramLabel = "TIME", description = "When it ends instead: 2026-11-23T08:00:00Z.")
    String until;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why (shown by status, plans, history and the host's runbook), e.g. 'INC-4711: debug the"
                    + " API'.")
    String reason;

    @Option(names = "--id", paramLabel = "NAME", description = "The exception's id (default: a short random one).")
    String id;

    @Option(names = "--weaken-access",
            description = "Open it even though it weakens access control (passwords, root login, sudo logging, ...).")
    boolean weakenAccess;

    @Option(names = "--extend", paramLabel = "ID",
            description = "Move the end of exception ID (with --for or --until).")
    String extend;

    @Option(names = "--end", paramLabel = "ID", description = "End exception ID now: the host runs its own end.")
    String end;

    @Option(names = "--ignore-hold", description = "Change hosts that are on hold too.")
    boolean ignoreHold;

    @Option(names = "--auto-approve", description = "Apply without asking (required when stdin is not a terminal).")
    boolean autoApprove;

    @Option(names = "--json", description = "Print the plan and the results as JSON (needs --auto-approve).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (fleet.selection.limit.isEmpty()) {
            throw new HardenException("except needs --limit HOST[,HOST...]: name the hosts the exception is for");
        }
        if (end != null) {
            return end();
        }
        Instant ends = ends();
        Engine engine = Terminal.engine(spec);
        DesiredState state = engine.load(fleet.repo, fleet.ref, fleet.workingTree);
        ExemptionEdit edit;
        List<String> meta;
        String verb;
        if (extend != null) {
            if (!set.isEmpty() || reason != null || id != null) {
                throw new HardenException("--extend changes only the end: give --for or --until, not --set, --reason"
                        + " or --id");
            }
            edit = new ExemptionEdit.Extend(extend, ends);
            meta = List.of("exception", extend, "exception_action", "extend", "exception_until", ends.toString());
            verb = "except --extend " + extend + " (until " + ends + ")";
        } else {
            Exemption exemption = exemption(state, ends);
            edit = new ExemptionEdit.Open(exemption);
            meta = List.of("exception", exemption.id(), "exception_action", "open", "exception_by", exemption.by(),
                    "exception_reason", exemption.reason(), "exception_until", ends.toString(), "exception_set",
                    exemption.overlay());
            verb = "except " + exemption.id() + " (" + exemption.overlay() + " until " + ends + ")";
        }
        ChangeFlow flow = new ChangeFlow(verb, "Nothing to change: the hosts already are so.", "applied", json,
                autoApprove);
        flow.checkCanConfirm();
        PrintWriter err = spec.commandLine().getErr();
        try (FleetRun run = engine.except(state, edit, weakenAccess, fleet.runOptions(), Terminal.progress(err,
                "planned"))) {
            return flow.run(engine, run, dev.harden.engine.Rollout.ALL_AT_ONCE, plan -> context(plan.commit(), meta),
                    fleet.runOptions().parallelism(), spec.commandLine().getOut(), err);
        }
    }

    private ApplyContext context(String commit, List<String> meta) {
        ApplyContext context = safety.context(commit, "apply").as("exception", meta);
        return ignoreHold ? context.ignoringHolds() : context;
    }

    private Exemption exemption(DesiredState state, Instant ends) {
        if (set.isEmpty()) {
            throw new HardenException("except needs at least one --set KEY=VALUE or KEY+=VALUE (e.g. --set"
                    + " 'firewall.allow+={port: 8080}')");
        }
        if (reason == null || reason.isBlank()) {
            throw new HardenException("except needs --reason TEXT: say why, e.g. --reason 'INC-4711: debug the API'");
        }
        String name = id != null ? id : UUID.randomUUID().toString().substring(0, 6);
        if (!Exemption.validId(name)) {
            throw new HardenException("--id " + name + ": 1 to 40 lower-case letters, digits and dashes");
        }
        Overlay overlay = Overlay.parse("--set", set, state.schema()); // every key and value checked before any host
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new Exemption(name, ApplyCommand.operator(), reason, now, ends, overlay.texts(), List.of());
    }

    /** When the exception ends: --for from now, or --until; never past {@link #LONGEST}. */
    private Instant ends() {
        if ((length == null) == (until == null)) {
            throw new HardenException("say how long: --for DURATION (like 2h) or --until TIME, one of them");
        }
        Instant now = Instant.now();
        Instant ends;
        if (length != null) {
            if (!length.matches("\\d+[smhd]")) {
                throw new HardenException("--for " + length + ": give a duration like 90s, 30m, 2h or 1d");
            }
            ends = HoldCommand.time("--for", length);
        } else {
            ends = HoldCommand.time("--until", until);
        }
        ends = ends.truncatedTo(ChronoUnit.SECONDS);
        if (!ends.isAfter(now)) {
            throw new HardenException("the exception would end at " + ends + ", which is not in the future");
        }
        if (ends.isAfter(now.plus(LONGEST))) {
            throw new HardenException("an exception lasts at most 7 days (" + ends + " is later); extend it when it"
                    + " must last longer, so each extension is recorded with who and why");
        }
        return ends;
    }

    private int end() {
        if (!set.isEmpty() || extend != null || length != null || until != null) {
            throw new HardenException("--end ID ends the exception now: give no --set, --extend, --for or --until");
        }
        Engine engine = Terminal.engine(spec);
        DesiredState state = engine.load(fleet.repo, fleet.ref, fleet.workingTree);
        List<HostExceptionEnd> ends = engine.endException(state, fleet.runOptions(), end, ApplyCommand.operator()
                + " (harden except --end" + (reason == null ? "" : ": " + reason) + ")");
        HumanOutput out = Terminal.human(spec.commandLine().getOut());
        for (HostExceptionEnd result : ends) {
            if (result.error() != null) {
                out.line(HumanOutput.Colour.BOLD.of(result.host()), HumanOutput.Span.plain(" "),
                        HumanOutput.Colour.RED_BOLD.of("error:"), HumanOutput.Span.plain(" " + result.error()));
            } else {
                out.line(HumanOutput.Colour.BOLD.of(result.host()), HumanOutput.Span.plain(" "),
                        HumanOutput.Colour.GREEN.of("ended"), HumanOutput.Span.plain(" exception " + end));
                result.said().forEach(line -> out.line("  " + line));
            }
        }
        out.flush();
        return ends.stream().anyMatch(r -> r.error() != null) ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
