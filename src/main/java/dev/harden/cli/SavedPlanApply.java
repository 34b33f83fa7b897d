package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.desired.DesiredState;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.engine.SavedPlans;
import dev.harden.json.PlanFileJson;
import dev.harden.plan.PlanFile;
import dev.harden.source.TrustPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.ParseResult;

/**
 * {@code harden apply PLAN_FILE}: reads the saved plan, loads the desired state at its commit
 * (from the repository it names, or --repo), has the engine plan its hosts again and refuse the
 * stale ones ({@link SavedPlans}), then runs the usual change flow without asking: the saved
 * plan is what was reviewed.
 */
final class SavedPlanApply {

    /** Larger than any real plan file (a few KiB a host); the file is read whole. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private SavedPlanApply() {
    }

    static int run(ApplyCommand command) {
        ParseResult given = command.spec.commandLine().getParseResult();
        if (given.hasMatchedOption("--ref") || given.hasMatchedOption("--working-tree")) {
            throw new HardenException("apply " + command.planFile + ": the saved plan names its commit; drop --ref and"
                    + " --working-tree");
        }
        PlanFile saved = read(command.planFile);
        saved.checkApplicable(command.planFile.toString(), Version.number(), Instant.now());
        String repo = given.hasMatchedOption("--repo") || saved.repo().isEmpty() ? command.fleet.repo : saved.repo();
        if (repo.contains("***@")) {
            throw new HardenException("apply " + command.planFile + ": the plan was made from " + repo + ", whose"
                    + " credentials a plan file never keeps; give the repository with --repo");
        }
        Engine engine = Terminal.engine(command.spec);
        TrustPolicy trust = command.signatures.policy();
        DesiredState state = engine.load(repo, saved.commit(), false, trust);
        PrintWriter err = command.spec.commandLine().getErr();
        ChangeFlow flow = new ChangeFlow("apply " + command.planFile, "Nothing to apply.", "applied", command.json,
                true);
        try (FleetRun run = SavedPlans.replan(engine, saved, state, command.fleet.runOptions(trust),
                Terminal.progress(err, "planned"))) {
            return flow.run(engine, run, command.rollout.rollout(), plan -> command.ignoreHold
                            ? command.safety.context(plan.commit(), "apply").ignoringHolds()
                            : command.safety.context(plan.commit(), "apply"),
                    command.fleet.runOptions().parallelism(), command.spec.commandLine().getOut(), err);
        }
    }

    /** Reads a plan file (bounded). */
    static PlanFile read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new HardenException(file + ": no such plan file (harden plan --out FILE saves one)");
        } catch (IOException e) {
            throw new HardenException(file + ": cannot read it (" + e.getMessage() + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new HardenException(file + ": larger than " + MAX_BYTES / 1024 / 1024 + " MiB, so not a plan file");
        }
        return PlanFileJson.read(file.toString(), new String(bytes, StandardCharsets.UTF_8));
    }
}
