package dev.harden.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.harden.module.Pin;
import dev.harden.module.RepositoryFile;
import dev.harden.module.Requests;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.FileResource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.SecretResource;
import dev.harden.resource.State;
import dev.harden.source.Snapshot;
import dev.harden.source.TrustPolicy;
import dev.harden.transport.Connector;
import dev.harden.transport.local.ImageRootHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins: a module asks to record a value it sees for the first time (a public key) in its own
 * repository file, only when the run allows it. A key born in the first phase of an apply is pinned
 * by the second-phase plan, in the checkout the plan was made from, and the host's result says
 * where; a plan pins what it already sees. The check after apply plans with the fleet view, so a
 * host whose file lists its peers is not reported as still differing.
 */
class PinRecordingTest {

    private static final String KEY = "/etc/pair.key";
    private static final String PEERS = "/etc/pair.peers";
    static final RepositoryFile<Map<String, String>> PAIRS = new RepositoryFile<>("inventory/pairs", "pinned pairs",
            (path, bytes) -> {
                Map<String, String> pinned = new LinkedHashMap<>();
                new String(bytes, StandardCharsets.UTF_8).lines().map(l -> l.split(" "))
                        .filter(w -> w.length == 3).forEach(w -> pinned.put(w[1], w[2]));
                return pinned;
            });

    @TempDir
    Path temp;

    /** Each host's key, pinned when allowed; its peers file lists the others' values it sees. */
    static final class PinningModule implements Module {
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
        public List<RepositoryFile<?>> repositoryFiles() {
            return List.of(PAIRS);
        }

        @Override
        public List<ResourceId> observes(HostPolicy policy) {
            return List.of(ResourceId.secret(KEY, "pair"), ResourceId.file(PEERS));
        }

        @Override
        public ModuleResult plan(ModuleInput input) {
            StringBuilder peers = new StringBuilder();
            for (String other : input.fleet().inventory().hosts().keySet().stream().sorted().toList()) {
                Optional<Facts> facts = input.fleet().factsOf(other);
                if (!other.equals(input.hostName()) && facts.isPresent()
                        && facts.get().state(ResourceId.secret(KEY, "pair")) instanceof State.Secret s) {
                    peers.append(other).append(' ').append(s.publicValue()).append('\n');
                }
            }
            List<Pin> pins = new ArrayList<>();
            if (input.facts().state(ResourceId.secret(KEY, "pair")) instanceof State.Secret own
                    && input.requests().trustsNew(name())
                    && !own.publicValue().equals(input.file(PAIRS).get(input.hostName()))) {
                pins.add(new Pin(PAIRS.path(), "pair " + input.hostName(), "pair " + input.hostName() + " "
                        + own.publicValue(), "new pair value of " + input.hostName()));
            }
            return new ModuleResult(List.of(
                    new SecretResource(name(), KEY, "pair", "pair", 0600, "root", "root", false, false),
                    new FileResource(name(), PEERS, peers.toString().getBytes(StandardCharsets.UTF_8), 0644, "root",
                            "root", Optional.empty(), List.of(), false, false)), List.of(), List.of(), pins);
        }
    }

    @Test
    void aKeyBornInTheFirstPhaseIsPinnedByTheSecondAndAPlanPinsWhatItSees() throws Exception {
        Path checkout = Files.createDirectories(temp.resolve("checkout"));
        Engine engine = new Engine(modules(), temp.resolve("cache"));
        DesiredState state = state(checkout, "a", "b");
        try (FleetRun run = engine.plan(state, options(true), Progress.NONE, connector())) {
            assertTrue(run.plan().notes().isEmpty(), "nothing to pin yet: " + run.plan().notes());
            List<HostApplyResult> results = engine.apply(run, ApplyContext.apply(TestRepos.COMMIT, "tester"), 2,
                    Progress.NONE);
            for (HostApplyResult result : results) {
                assertEquals(HostApplyResult.Status.APPLIED, result.status(), result.toString());
                assertTrue(result.findings().stream().noneMatch(f -> f.module().equals("pair")),
                        "verified with the fleet view: " + result.findings());
                assertTrue(result.steps().get(result.steps().size() - 1).startsWith("note: new pair value of "
                        + result.host() + " recorded in " + checkout.resolve("inventory/pairs") + ": review the change"
                        + " and commit it: pair " + result.host() + " "), result.steps().toString());
            }
        }
        String pinned = Files.readString(checkout.resolve("inventory/pairs"));
        assertEquals(2, pinned.lines().count(), pinned);
        assertTrue(pinned.contains("pair a " + value("a") + "\n") && pinned.contains("pair b " + value("b") + "\n"));

        // without the request nothing is pinned; with it, a plan pins what it sees (here: already there)
        try (FleetRun run = engine.plan(state, options(false), Progress.NONE, connector())) {
            assertTrue(run.plan().notes().isEmpty(), run.plan().notes().toString());
        }
        try (FleetRun run = engine.plan(state, options(true), Progress.NONE, connector())) {
            assertEquals(List.of("new pair value of a already in " + checkout.resolve("inventory/pairs")
                    + " (uncommitted?): review and commit it: pair a " + value("a"), "new pair value of b already in "
                    + checkout.resolve("inventory/pairs") + " (uncommitted?): review and commit it: pair b "
                    + value("b")), run.plan().notes());
        }
    }

    private DesiredState state(Path checkout, String... hosts) throws Exception {
        StringBuilder inventory = new StringBuilder("hosts:\n");
        for (String host : hosts) {
            Files.createDirectories(temp.resolve(host).resolve("etc"));
            inventory.append("  ").append(host).append(":\n    transport: local\n    root: \"")
                    .append(temp.resolve(host)).append("\"\n");
        }
        Map<String, byte[]> files = Map.of("inventory/hosts.yaml", inventory.toString().getBytes(StandardCharsets.UTF_8),
                "policies/baseline.yaml", TestRepos.BUILT_IN_MODULES_OFF.getBytes(StandardCharsets.UTF_8));
        return DesiredStateLoader.load(new Snapshot(TestRepos.COMMIT, "HEAD", "s", true, files, List.of(),
                Optional.of(checkout)), modules());
    }

    private String value(String host) throws Exception {
        byte[] key = Files.readAllBytes(temp.resolve(host).resolve(KEY.substring(1)));
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key))
                .substring(0, 16);
    }

    private static Modules modules() {
        List<Module> modules = new ArrayList<>(Modules.builtIn().all());
        modules.add(new PinningModule());
        return new Modules(modules);
    }

    private static Connector connector() {
        return entry -> new ImageRootHost(entry.name(), Path.of(entry.root()));
    }

    private static RunOptions options(boolean trust) {
        return new RunOptions(List.of(), 2, false, Duration.ofSeconds(5), TrustPolicy.unchecked(),
                new Requests(trust ? Set.of("pair") : Set.of(), Map.of()));
    }
}
