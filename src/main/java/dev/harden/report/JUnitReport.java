package dev.harden.report;

import static dev.harden.report.Markup.attribute;
import static dev.harden.report.Markup.text;

import dev.harden.module.Finding;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A check as JUnit XML, the format CI systems (Jenkins, GitLab, GitHub test reporters, Azure,
 * Buildkite) show as test results: one {@code testsuite} per host, one {@code testcase} per
 * module. A module that drifted or warns is a {@code failure} (type "drift" or "warning"; the
 * message says what, the body lists each differing resource and each finding); a host that could
 * not be checked is one {@code error}. Informational findings go to the test case's
 * {@code system-out}. The dialect is the common one (the Jenkins xUnit plugin's junit-10 and Ant's
 * schema agree on it): counts on every suite, {@code classname} the host, a local timestamp
 * without zone (UTC here), times in seconds (0: a check does not time modules).
 */
public final class JUnitReport {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private JUnitReport() {
    }

    public static String render(FleetReport report) {
        String timestamp = TIMESTAMP.format(report.generatedAt().truncatedTo(ChronoUnit.SECONDS));
        int tests = 0;
        int failures = 0;
        int errors = 0;
        StringBuilder suites = new StringBuilder();
        int id = 0;
        for (HostReport host : report.hosts()) {
            List<String> cases = new ArrayList<>();
            int hostFailures = 0;
            int hostErrors = 0;
            if (host.status() == Status.FAILED) {
                cases.add(testcase(host, "check", "      <error message=\"" + attribute(host.error())
                        + "\" type=\"unreachable\">" + text(host.error()) + "</error>\n"));
                hostErrors++;
            }
            for (ModuleReport module : host.modules()) {
                StringBuilder body = new StringBuilder();
                if (module.status() == Status.DRIFTED || module.status() == Status.FINDINGS) {
                    body.append("      <failure message=\"").append(attribute(failureMessage(module)))
                            .append("\" type=\"").append(module.status() == Status.DRIFTED ? "drift" : "warning")
                            .append("\">").append(text(failureBody(module))).append("</failure>\n");
                    hostFailures++;
                }
                List<Finding> infos = module.findings().stream()
                        .filter(f -> f.severity() == Finding.Severity.INFO).toList();
                if (!infos.isEmpty()) {
                    body.append("      <system-out>");
                    infos.forEach(f -> body.append(text("info: " + f.message() + "\n")));
                    body.append("</system-out>\n");
                }
                cases.add(testcase(host, module.module(), body.toString()));
            }
            suites.append("  <testsuite name=\"").append(attribute(host.host())).append("\" tests=\"")
                    .append(cases.size()).append("\" failures=\"").append(hostFailures).append("\" errors=\"")
                    .append(hostErrors).append("\" skipped=\"0\" time=\"0\" timestamp=\"").append(timestamp)
                    .append("\" hostname=\"").append(attribute(host.host())).append("\" id=\"").append(id++)
                    .append("\" package=\"harden.check\">\n");
            suites.append("    <properties>\n");
            property(suites, "target", host.target());
            if (!host.facts().isEmpty()) {
                property(suites, "facts", host.facts());
            }
            for (String exception : host.exceptions()) {
                property(suites, "exception", exception);
            }
            property(suites, "source", report.source());
            property(suites, "status", host.status().word());
            suites.append("    </properties>\n");
            cases.forEach(suites::append);
            suites.append("  </testsuite>\n");
            tests += cases.size();
            failures += hostFailures;
            errors += hostErrors;
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuites name=\"" + attribute("harden check of " + report.source()) + "\" tests=\"" + tests
                + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" time=\"0\">\n"
                + suites
                + "</testsuites>\n";
    }

    private static String testcase(HostReport host, String name, String body) {
        String open = "    <testcase name=\"" + attribute(name) + "\" classname=\"" + attribute(host.host())
                + "\" time=\"0\"";
        return body.isEmpty() ? open + "/>\n" : open + ">\n" + body + "    </testcase>\n";
    }

    private static void property(StringBuilder out, String name, String value) {
        out.append("      <property name=\"").append(attribute(name)).append("\" value=\"").append(attribute(value))
                .append("\"/>\n");
    }

    /** "2 resource(s) differ from the desired state; 1 warning(s)". */
    private static String failureMessage(ModuleReport module) {
        List<String> parts = new ArrayList<>();
        if (!module.drifted().isEmpty()) {
            parts.add(module.drifted().size() + " resource(s) differ from the desired state");
        }
        List<Finding> warnings = module.warnings();
        if (warnings.size() == 1) {
            parts.add("warning: " + warnings.get(0).message());
        } else if (!warnings.isEmpty()) {
            parts.add(warnings.size() + " warning(s)");
        }
        return String.join("; ", parts);
    }

    private static String failureBody(ModuleReport module) {
        StringBuilder body = new StringBuilder();
        module.drifted().forEach(d -> body.append("differs: ").append(d).append('\n'));
        module.warnings().forEach(f -> body.append("warning: ").append(f.message()).append('\n'));
        if (!module.drifted().isEmpty()) {
            body.append("harden plan shows the differences\n");
        }
        return body.toString();
    }
}
