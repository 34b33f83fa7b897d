package dev.harden.desired;

import dev.harden.HardenException;
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

    public static DesiredState load(Snapshot snapshot, Modules modules) {
        Schema schema = modules.schema();
        List<PolicyLayer> baselines = new ArrayList<>();
        baselines.add(PolicyLayer.parse("built-in baseline",
                YamlParser.parse("built-in policies/baseline.yaml", builtinBaseline()), schema));
        snapshot.file("policies/baseline.yaml").ifPresent(bytes -> baselines.add(
                PolicyLayer.parse("baseline", YamlParser.parse("policies/baseline.yaml", bytes), schema)));

        Map<String, PolicyLayer> groups = new TreeMap<>();
        for (var file : snapshot.under("policies/").entrySet()) {
            String path = file.getKey();
            if (path.equals("policies/baseline.yaml") || !isYaml(path)) {
                continue;
            }
            String name = path.startsWith("policies/groups/")
                    ? path.substring("policies/groups/".length()).replaceAll("\\.ya?ml$", "") : "";
            if (name.isEmpty() || name.contains("/")) {
                throw new HardenException(path + ": unexpected policy file; policies/ holds baseline.yaml and"
                        + " groups/GROUP.yaml (move or rename it)");
            }
            groups.put(name, PolicyLayer.parse("group " + name, YamlParser.parse(path, file.getValue()), schema));
        }

        Map<String, byte[]> inventoryFiles = new TreeMap<>();
        snapshot.under("inventory/").forEach((path, bytes) -> {
            if (isYaml(path) && path.indexOf('/', "inventory/".length()) < 0) {
                inventoryFiles.put(path, bytes);
            }
        });
        if (inventoryFiles.isEmpty()) {
            throw new HardenException("inventory/: no hosts file at " + snapshot.label()
                    + " (add inventory/hosts.yaml and commit it)");
        }
        Inventory inventory = new InventoryParser(schema, groups.keySet()).parse(inventoryFiles,
                snapshot.file("inventory/known_hosts").orElse(null));

        Map<String, byte[]> templateFiles = new TreeMap<>();
        snapshot.under("templates/").forEach((path, bytes) -> templateFiles.put(path.substring("templates/".length()), bytes));
        DesiredState state = new DesiredState(snapshot, inventory, baselines, groups, new Templates(templateFiles),
                modules, schema, repositoryFiles(snapshot, modules));
        inventory.hosts().values().forEach(state::policyFor); // every host's layers merge cleanly
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
