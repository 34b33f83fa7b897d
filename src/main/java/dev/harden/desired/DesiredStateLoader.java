package dev.harden.desired;

import dev.harden.ValidationErrors;
import dev.harden.inventory.Inventory;
import dev.harden.inventory.InventoryParser;
import dev.harden.module.Modules;
import dev.harden.module.RepositoryFile;
import dev.harden.module.RepositoryFiles;
import dev.harden.policy.PolicyLayer;
import dev.harden.policy.Schema;
import dev.harden.source.Snapshot;
import dev.harden.template.Templates;
import dev.harden.yaml.YamlParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a {@link Snapshot} into a {@link DesiredState}, validating every file. The layout:
 * policies/baseline.yaml, policies/groups/GROUP.yaml, templates/NAME.ftl, inventory/*.yaml,
 * inventory/known_hosts and the modules' own repository files (such as inventory/wireguard_keys).
 * Anything else with a YAML name under policies/ is a mistake and says so.
 */
public final class DesiredStateLoader {

    private static final String BUILTIN_BASELINE = "/harden-builtin/policies/baseline.yaml";

    private DesiredStateLoader() {
    }

    /**
     * Validates every file and returns the desired state, or throws
     * {@link ValidationErrors.Failed} with every error found (up to {@value ValidationErrors#LIMIT}),
     * each naming its file and line: a file that does not parse is skipped, a key, host or group in
     * error is left out, and validation goes on with the rest.
     */
    public static DesiredState load(Snapshot snapshot, Modules modules) {
        Schema schema = modules.schema();
        ValidationErrors errors = new ValidationErrors();
        List<PolicyLayer> baselines = new ArrayList<>();
        baselines.add(PolicyLayer.parse("built-in baseline",
                YamlParser.parse("built-in policies/baseline.yaml", builtinBaseline()), schema));
        snapshot.file("policies/baseline.yaml").flatMap(bytes -> errors.check(() -> PolicyLayer.parse("baseline",
                YamlParser.parse("policies/baseline.yaml", bytes), schema, errors))).ifPresent(baselines::add);

        Map<String, PolicyLayer> groups = new TreeMap<>();
        for (var file : snapshot.under("policies/").entrySet()) {
            String path = file.getKey();
            if (path.equals("policies/baseline.yaml") || !isYaml(path)) {
                continue;
            }
            String name = path.startsWith("policies/groups/")
                    ? path.substring("policies/groups/".length()).replaceAll("\\.ya?ml$", "") : "";
            if (name.isEmpty() || name.contains("/")) {
                errors.add(path + ": unexpected policy file; policies/ holds baseline.yaml and groups/GROUP.yaml"
                        + " (move or rename it)");
                continue;
            }
            groups.put(name, PolicyLayer.empty("group " + name)); // known as a group even when in error
            errors.check(() -> PolicyLayer.parse("group " + name, YamlParser.parse(path, file.getValue()), schema,
                    errors)).ifPresent(layer -> groups.put(name, layer));
        }

        Map<String, byte[]> inventoryFiles = new TreeMap<>();
        snapshot.under("inventory/").forEach((path, bytes) -> {
            if (isYaml(path) && path.indexOf('/', "inventory/".length()) < 0) {
                inventoryFiles.put(path, bytes);
            }
        });
        if (inventoryFiles.isEmpty()) {
            errors.add("inventory/: no hosts file at " + snapshot.label()
                    + " (add inventory/hosts.yaml and commit it)");
        }
        Inventory inventory = new InventoryParser(schema, groups.keySet(), errors).parse(inventoryFiles,
                snapshot.file("inventory/known_hosts").orElse(null));
        errors.throwIfAny(); // merging layers needs every one of them valid

        Map<String, byte[]> templateFiles = new TreeMap<>();
        snapshot.under("templates/").forEach((path, bytes) -> templateFiles.put(path.substring("templates/".length()), bytes));
        DesiredState state = new DesiredState(snapshot, inventory, baselines, groups, new Templates(templateFiles),
                modules, schema, repositoryFiles(snapshot, modules));
        inventory.hosts().values().forEach(host -> errors.run(() -> state.policyFor(host))); // layers merge cleanly
        errors.throwIfAny();
        return state;
    }

    /** Every module's repository file, parsed (a missing file as empty): a bad line stops here, with its line. */
    private static RepositoryFiles repositoryFiles(Snapshot snapshot, Modules modules) {
        Map<String, Object> parsed = new TreeMap<>();
        for (RepositoryFile<?> file : modules.repositoryFiles()) {
            Object value = file.parser().parse(file.path(), snapshot.file(file.path()).orElse(new byte[0]));
            if (value == null) {
                throw new IllegalStateException(file.path() + ": its parser returned nothing");
            }
            parsed.put(file.path(), value);
        }
        return new RepositoryFiles(parsed);
    }

    private static boolean isYaml(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml");
    }

    private static byte[] builtinBaseline() {
        try (InputStream in = DesiredStateLoader.class.getResourceAsStream(BUILTIN_BASELINE)) {
            if (in == null) {
                throw new IllegalStateException("the harden jar lacks " + BUILTIN_BASELINE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
