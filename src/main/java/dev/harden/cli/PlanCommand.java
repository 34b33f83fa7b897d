package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.desired.DesiredState;
import dev.harden.engine.ExitStatus;
import dev.harden.json.PlanFileJson;
import dev.harden.plan.Plan;
import dev.harden.plan.PlanFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Show what apply would change, and change nothing.",
            "",
            "Reads the desired state at a commit, connects to each host, gathers its facts in one round trip and"
                + " prints per host and per module what would change, files as unified diffs.",
            "",
            "With --out FILE the plan is saved too: harden apply FILE later applies exactly that plan, and refuses"
                + " each host that changed since."},
        footer = {"", "Exit codes: 0 success (with --detailed-exitcode: nothing would change), 1 an error on any"
                + " host, 2 changes to make (with --detailed-exitcode only)."})
final class PlanCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @ArgGroup(validate = false, heading = SignatureOptions.HEADING)
    SignatureOptions signatures = new SignatureOptions();

    @Option(names = "--detailed-exitcode", description = "Exit 0 when nothing would change, 2 when something would,"
            + " 1 on errors.")
    boolean detailedExitCode;

    @Option(names = "--json", description = "Print the plan as JSON (schemas/plan.schema.json) instead of text.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Also save the plan to FILE, for harden apply FILE. The file holds digests, never file"
                    + " content or secrets.")
    Path out;

    @Option(names = "--expires", paramLabel = "DURATION|TIME",
            description = "With --out: apply refuses the saved plan after this, a duration from now (30m, 2h, 1d)"
                    + " or a time (2026-11-23T08:00:00Z). Default: never.")
    String expires;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (out == null && expires != null) {
            throw new HardenException("--expires is for a saved plan: give --out FILE too");
        }
        if (out != null && fleet.workingTree) {
            throw new HardenException("--out: a saved plan is made from a commit, so that apply can read exactly that"
                    + " desired state again; commit the changes and plan without --working-tree");
        }
        Instant created = Instant.now();
        Optional<Instant> expiry = Optional.ofNullable(expires).map(e -> HoldCommand.time("--expires", e));
        return PlanReport.run(spec, fleet, signatures.policy(), json, "plan", "planned", PlanText::plan,
                plan -> ExitStatus.ofPlan(plan, detailedExitCode), (state, plan) -> save(state, plan, created, expiry));
    }

    private void save(DesiredState state, Plan plan, Instant created, Optional<Instant> expiry) {
        if (out == null) {
            return;
        }
        String text = PlanFileJson.write(PlanFile.of(plan, state.source(), Version.number(), created, expiry));
        write(out, text);
        HumanOutput note = Terminal.human(json ? spec.commandLine().getErr() : spec.commandLine().getOut());
        note.line("Saved the plan to " + out + (expiry.map(e -> " (expires " + e + ")").orElse(""))
                + "; harden apply " + out + " applies exactly it.");
        note.flush();
    }

    /** Writes the file whole or not at all: a temporary file beside it, renamed into place. */
    static void write(Path file, String text) {
        Path target = file.toAbsolutePath();
        try {
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new HardenException("--out " + file + ": cannot write it (" + e.getMessage() + ")");
        }
    }
}
