package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The shipped examples stay true: the systemd unit passes systemd-analyze verify, the CI
 * pipelines are valid YAML of the shape their CI expects, and every harden command line in them
 * parses with harden's own options.
 */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("examples");
    private static final Pattern HARDEN = Pattern.compile("(?m)^[\\s-]*harden ((?:plan|apply|watch)\\b[^\\n>|;]*(?:\\n\\s+--[^\\n>|;]*)*)");

    @TempDir
    Path temp;

    @Test
    void theSystemdUnitVerifiesAndItsCommandLineParses() throws Exception {
        String unit = Files.readString(EXAMPLES.resolve("harden-watch.service"));
        Path copy = temp.resolve("harden-watch.service");
        Files.writeString(copy, unit.replace("ExecStart=/usr/bin/harden", "ExecStart=/bin/true"));
        Process verify = new ProcessBuilder("systemd-analyze", "verify", "--man=no", copy.toString())
                .redirectErrorStream(true).start();
        String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), said);
        assertFalse(said.contains("Unknown") || said.contains("Invalid") || said.contains("Failed"), said);
        String execStart = unit.substring(unit.indexOf("ExecStart=/usr/bin/harden ") + "ExecStart=/usr/bin/harden ".length());
        execStart = execStart.substring(0, execStart.indexOf("\nRestart=")).replace("\\\n", " ");
        parses(execStart);
    }

    @Test
    void theCiPipelinesAreValidAndTheirCommandsParse() throws Exception {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> github = yaml.load(Files.readString(EXAMPLES.resolve("ci/github-actions.yml")));
        assertTrue(github.containsKey("on") || github.containsKey(true), "a workflow has triggers: " + github.keySet());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) github.get("jobs");
        for (Map<String, Object> job : jobs.values()) {
            assertTrue(job.containsKey("runs-on") && job.get("steps") instanceof List, "a job runs steps: " + job);
        }
        Map<String, Object> gitlab = yaml.load(Files.readString(EXAMPLES.resolve("ci/gitlab-ci.yml")));
        for (String job : List.of("plan", "apply")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> definition = (Map<String, Object>) gitlab.get(job);
            assertTrue(definition.get("script") instanceof List, "a GitLab job has a script: " + job);
            assertTrue(((List<?>) gitlab.get("stages")).contains(definition.get("stage")), job);
        }
        int commands = 0;
        for (String file : List.of("ci/github-actions.yml", "ci/gitlab-ci.yml")) {
            Matcher m = HARDEN.matcher(Files.readString(EXAMPLES.resolve(file)));
            while (m.find()) {
                parses(m.group(1));
                commands++;
            }
        }
        assertEquals(4, commands, "plan and apply in each pipeline");
    }

    /** picocli parses the words as harden would (options exist, values fit). */
    private static void parses(String commandLine) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(commandLine.strip());
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        Main.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()))
                .parseArgs(words.toArray(String[]::new));
    }
}
