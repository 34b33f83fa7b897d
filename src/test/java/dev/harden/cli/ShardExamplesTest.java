package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.inventory.Shard;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The shipped shard examples stay true: valid YAML of the shape GitHub Actions and Kubernetes
 * expect, and for every runner of the matrix or index of the Job, the harden command line parses
 * with harden's own options and names that runner's shard, so the runners together cover every
 * shard exactly once.
 */
class ShardExamplesTest {

    private static final Path EXAMPLES = Path.of("examples");
    private static final Yaml YAML = new Yaml(new SafeConstructor(new LoaderOptions()));

    @Test
    @SuppressWarnings("unchecked")
    void theGitHubActionsMatrixRunsEveryShardOnce() throws Exception {
        Map<String, Object> workflow = YAML.load(Files.readString(EXAMPLES.resolve("ci/github-actions-shards.yml")));
        assertTrue(workflow.containsKey("on") || workflow.containsKey(true), "a workflow has triggers: " + workflow.keySet());
        Map<String, Object> job = ((Map<String, Map<String, Object>>) workflow.get("jobs")).get("apply");
        assertTrue(job.containsKey("runs-on") && job.get("steps") instanceof List, "a job runs steps: " + job);
        Map<String, Object> strategy = (Map<String, Object>) job.get("strategy");
        assertEquals(false, strategy.get("fail-fast"), "one shard's failure must not cancel the others");
        List<Integer> matrix = (List<Integer>) ((Map<String, Object>) strategy.get("matrix")).get("shard");
        List<String> commands = new ArrayList<>();
        for (Map<String, Object> step : (List<Map<String, Object>>) job.get("steps")) {
            Object run = step.get("run");
            if (run instanceof String text && text.contains("harden ")) {
                commands.add(text);
            }
        }
        assertEquals(2, commands.size(), "apply and check: " + commands);
        for (String command : commands) {
            Set<Shard> shards = new HashSet<>();
            for (int value : matrix) {
                ParseResult parsed = parse(command.replace("${{ matrix.shard }}", String.valueOf(value)));
                shards.add(shardOf(parsed));
            }
            assertCoversEveryShardOnce(shards, matrix.size());
        }
        assertTrue(commands.get(0).contains("harden apply ") && commands.get(1).contains("harden check "), commands.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesIndexedJobRunsEveryShardOnce() throws Exception {
        Map<String, Object> job = YAML.load(Files.readString(EXAMPLES.resolve("k8s/harden-shards-job.yaml")));
        assertEquals("batch/v1", job.get("apiVersion"));
        assertEquals("Job", job.get("kind"));
        Map<String, Object> spec = (Map<String, Object>) job.get("spec");
        assertEquals("Indexed", spec.get("completionMode"), "each pod gets JOB_COMPLETION_INDEX");
        int completions = (Integer) spec.get("completions");
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        assertEquals("Never", pod.get("restartPolicy"), "an Indexed Job's pods are not restarted in place");
        List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
        assertEquals(1, containers.size());
        Map<String, Object> container = containers.get(0);
        assertEquals(List.of("sh", "-c"), container.get("command"));
        String script = ((List<String>) container.get("args")).get(0);
        assertTrue(script.startsWith("exec harden apply "), script);
        assertFalse(script.contains("\n"), "one command line: " + script);
        Set<Shard> shards = new HashSet<>();
        for (int index = 0; index < completions; index++) {
            String expanded = script.replace("$((JOB_COMPLETION_INDEX + 1))", String.valueOf(index + 1));
            shards.add(shardOf(parse(expanded.substring("exec ".length()))));
        }
        assertCoversEveryShardOnce(shards, completions);
        Set<String> volumes = new HashSet<>();
        ((List<Map<String, Object>>) pod.get("volumes")).forEach(v -> volumes.add((String) v.get("name")));
        ((List<Map<String, Object>>) container.get("volumeMounts")).forEach(m -> assertTrue(volumes.contains(
                (String) m.get("name")), "a mount names a volume of the pod: " + m));
    }

    private static void assertCoversEveryShardOnce(Set<Shard> shards, int runners) {
        assertEquals(runners, shards.size(), "one shard per runner: " + shards);
        for (Shard shard : shards) {
            assertEquals(runners, shard.count(), "every runner splits the fleet in as many shards as there are runners");
        }
    }

    private static Shard shardOf(ParseResult parsed) {
        return parsed.subcommand().matchedOptionValue("--shard", Shard.ALL);
    }

    /** picocli parses the shell words (after "harden", up to a shell operator) as harden would. */
    private static ParseResult parse(String shell) {
        String command = shell.substring(shell.indexOf("harden ") + "harden ".length());
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\|\\||&&|;|\\|)|(\\S+)").matcher(command.strip());
        while (word.find()) {
            if (word.group(3) != null) {
                break;
            }
            words.add(word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(4));
        }
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        return Main.commandLine(none, none).parseArgs(words.toArray(String[]::new));
    }
}
