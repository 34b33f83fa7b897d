package dev.harden.cli;

import dev.harden.engine.ExitStatus;
import dev.harden.report.FleetReport;
import dev.harden.report.ReportFiles;
import dev.harden.source.TrustPolicy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Audit hosts without changing them, and report drift.",
            "",
            "Compares what listens where (ss -tulpn) with the firewall policy, runs what each module verifies, and"
                + " tells whether each host still matches the desired state. Findings are reported, not treated as"
                + " errors. Run it on a schedule: configuration drifts."},
        footer = {"", "Exit codes: 0 nothing to report, 2 warnings or drift found, 1 error on any host."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Option(names = "--json", description = "Print the result as JSON (the plan format, findings included).")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE",
            description = {"Also write the result to FILE (repeatable): FILE.html is one self-contained page for"
                    + " people (per host and module: compliant, drifted, findings; a summary chart), FILE.xml is"
                    + " JUnit XML, so CI shows each host as a test suite and each module as a test case."})
    List<Path> reports = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        reports.forEach(ReportFiles::formatOf); // a misnamed file is refused before the check, not after it
        return PlanReport.run(spec, fleet, TrustPolicy.unchecked(), json, "check", "checked", PlanText::check,
                ExitStatus::ofCheck, (state, plan) -> {
                    FleetReport report = FleetReport.of(plan, state, Instant.now());
                    reports.forEach(file -> ReportFiles.write(file, report));
                });
    }
}
