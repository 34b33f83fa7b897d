package dev.harden.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.desired.DesiredState;
import dev.harden.desired.DesiredStateLoader;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Facts;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.module.Modules;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.FileResource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.SecretResource;
import dev.harden.resource.State;
import dev.harden.transport.Connector;
import dev.harden.transport.local.ImageRootHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two phases of a fleet change on real image roots: every host first makes its preparing
 * changes (here a secret born on the host), then every host is planned again with a view of the
 * others' new facts (the secrets' public values), so hosts that learn about each other converge in
 * one run, including a host that had nothing to change when the plan was made.
 */
class FleetPhaseTest {

    private static final String KEY = "/etc/pair.key";
    private static final String PEERS = "/etc/pair.peers";

    @TempDir
    Path temp;

    /** Each host gets a key and a file listing the other hosts' public values; a host without a key yet is left out. */
    static final class PairModule implements Module {
        @Override
        public String name() {
            return "pair";
        }

        @Override
        public List<Setting> settings() {
            return List.of();
        }

        @Override
        public String onHostCode() {
            return "generate_pair() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n'; }\n"
                    + "derive_pair() { sha256sum | cut -c1-16; }\n";
        }

        @Override
        public List<ResourceId> observes(HostPolicy policy) {
            return List.of(ResourceId.secret(KEY, "pair"), ResourceId.file(PEERS));
        }

        @Override
        public ModuleResult plan(ModuleInput input) {
            StringBuilder peers = new StringBuilder();
            for (String other : input.fleet().inventory().hosts().keySet().stream().sorted().toList()) {
                if (other.equals(input.hostName())) {
                    continue;
                }
                Optional<Facts> facts = input.fleet().factsOf(other);
                if (facts.isPresent() && facts.get().state(ResourceId.secret(KEY, "pair")) instanceof State.Secret s) {
                    peers.append(other).append(' ').append(s.publicValue()).append('\n');
                }
            }
            return new ModuleResult(List.of(
                    new SecretResource(name(), KEY, "pair", "pair", 0600, "root", "root", false, false),
                    new FileResource(name(), PEERS, peers.toString().getBytes(StandardCharsets.UTF_8), 0644, "root",
                            "root", Optional.empty(), List.of(), false, false)), List.of());
        }
    }

    @Test
    void hostsThatLearnEachOthersKeysConvergeInOneRun() throws Exception {
        Engine engine = new Engine(modules(), temp.resolve("cache"));
        apply(engine, "a", "b");
        assertEquals("b " + publicValue("b") + "\n", peers("a"), "the first run already knows the peer's key");
        assertEquals("a " + publicValue("a") + "\n", peers("b"));
        String keyA = Files.readString(root("a").resolve(KEY.substring(1)));

        // c joins: a and b have nothing to change when the plan is made (c has no key yet)...
        DesiredState three = state(engine, "a", "b", "c");
        try (FleetRun run = engine.plan(three, options(), Progress.NONE, connector())) {
            assertFalse(run.plan().planned().get(0).hasChanges(), "a: nothing to do until c has a key");
            List<HostApplyResult> results = engine.apply(run, context(), 3, Progress.NONE);
            // ...but once c was prepared, they are planned again and gain c in the same run
            for (HostApplyResult result : results) {
                assertEquals(HostApplyResult.Status.APPLIED, result.status(), result.toString());
            }
        }
        assertEquals("b " + publicValue("b") + "\nc " + publicValue("c") + "\n", peers("a"));
        assertEquals("a " + publicValue("a") + "\nc " + publicValue("c") + "\n", peers("b"));
        assertEquals("a " + publicValue("a") + "\nb " + publicValue("b") + "\n", peers("c"));
        assertEquals(keyA, Files.readString(root("a").resolve(KEY.substring(1))), "a's key was kept");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root("c").resolve(KEY.substring(1)))), "the key is private");
    }

    /**
     * The same through the change flow that apply and the watcher use, all at once and in batches of
     * one: hosts with nothing to change when the plan is made go with the last batch, so they are
     * planned again after the new host prepared, and gain it in the same run.
     */
    @Test
    void throughTheChangeFlowHostsWithoutChangesStillLearnTheNewKeyInTheSameRun() throws Exception {
        for (Rollout rollout : List.of(Rollout.ALL_AT_ONCE, new Rollout(Optional.empty(), 1, 100))) {
            Path base = Files.createDirectories(temp.resolve("flow-" + rollout.batchSize()));
            Engine engine = new Engine(modules(), base.resolve("cache"));
            temp = base;
            apply(engine, "a", "b");
            try (FleetRun run = engine.plan(state(engine, "a", "b", "c"), options(), Progress.NONE, connector())) {
                ChangeFlow.Outcome outcome = new ChangeFlow(engine).run(run, plan -> context(), 3,
                        ChangeFlow.Approval.ALWAYS, Progress.NONE, rollout);
                for (HostApplyResult result : outcome.results()) {
                    assertEquals(HostApplyResult.Status.APPLIED, result.status(), rollout + ": " + result);
                }
                assertEquals(List.of("a", "b", "c"), outcome.results().stream().map(HostApplyResult::host).toList());
            }
            assertEquals("b " + publicValue("b") + "\nc " + publicValue("c") + "\n", peers("a"), rollout.toString());
            assertEquals("a " + publicValue("a") + "\nc " + publicValue("c") + "\n", peers("b"), rollout.toString());
        }
    }

    private void apply(Engine engine, String... hosts) throws Exception {
        try (FleetRun run = engine.plan(state(engine, hosts), options(), Progress.NONE, connector())) {
            for (HostApplyResult result : engine.apply(run, context(), 3, Progress.NONE)) {
                assertEquals(HostApplyResult.Status.APPLIED, result.status(), result.toString());
            }
        }
    }

    private DesiredState state(Engine engine, String... hosts) throws Exception {
        StringBuilder inventory = new StringBuilder("hosts:\n");
        for (String host : hosts) {
            Files.createDirectories(root(host).resolve("etc"));
            inventory.append("  ").append(host).append(":\n    transport: local\n    root: \"").append(root(host))
                    .append("\"\n    vars: { ssh: { enabled: false }, sudo: { enabled: false }, firewall: { enabled: false } }\n");
        }
        return DesiredStateLoader.load(TestRepos.snapshot(Map.of("inventory/hosts.yaml", inventory.toString())),
                modules());
    }

    /** The built-in modules (switched off in the inventory) and the pair module. */
    private static Modules modules() {
        List<Module> modules = new ArrayList<>(Modules.builtIn().all());
        modules.add(new PairModule());
        return new Modules(modules);
    }

    private Path root(String host) {
        return temp.resolve(host);
    }

    private String peers(String host) throws Exception {
        return Files.readString(root(host).resolve(PEERS.substring(1)));
    }

    private String publicValue(String host) throws Exception {
        byte[] key = Files.readAllBytes(root(host).resolve(KEY.substring(1)));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 16);
    }

    private static Connector connector() {
        return entry -> new ImageRootHost(entry.name(), Path.of(entry.root()));
    }

    private static RunOptions options() {
        return new RunOptions(List.of(), 3, false, Duration.ofSeconds(5));
    }

    private static ApplyContext context() {
        return ApplyContext.apply(TestRepos.COMMIT, "tester");
    }
}
