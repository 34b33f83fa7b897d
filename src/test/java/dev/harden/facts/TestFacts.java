package dev.harden.facts;

import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.module.Modules;
import dev.harden.policy.HostPolicy;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Facts of typical hosts, built without a probe for module and planner tests. Module facts come
 * from canned probe output run through the modules' own parsers; every resource the built-in
 * modules observe is absent unless a test says otherwise.
 */
public final class TestFacts {

    public static final List<String> ALL_HOST_KEYS = List.of("/etc/ssh/ssh_host_ecdsa_key",
            "/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_rsa_key");

    private TestFacts() {
    }

    /** Debian 12 (bookworm) with OpenSSH 9.2 under systemd, ed25519 + rsa + ecdsa host keys. */
    public static Facts debian12() {
        return server("12", "Debian GNU/Linux 12 (bookworm)", new OpenSshVersion(9, 2), Map.of(), Map.of(), "ops");
    }

    /** Debian 13 (trixie) with OpenSSH 10.0. */
    public static Facts debian13() {
        return server("13", "Debian GNU/Linux 13 (trixie)", new OpenSshVersion(10, 0), Map.of(), Map.of(), "ops");
    }

    /** Debian 12 facts with the given file states and {@code sshd -T} output. */
    public static Facts debian12(Map<String, State> files, Map<String, List<String>> sshdEffective) {
        return server("12", "Debian GNU/Linux 12 (bookworm)", new OpenSshVersion(9, 2), files, sshdEffective, "ops");
    }

    public static Facts server(String version, String name, OpenSshVersion openssh, Map<String, State> files,
                               Map<String, List<String>> sshdEffective, String loginUser) {
        Map<String, String> outputs = new HashMap<>();
        outputs.put("sshd.service", "unit ssh\n" + ALL_HOST_KEYS.stream().map(k -> "key " + k + "\n")
                .collect(Collectors.joining()));
        outputs.put("sshd.effective", sshdEffective.isEmpty() ? "" : "status 0\n" + sshdEffective.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + " " + v)).collect(Collectors.joining("\n")));
        Facts facts = new Facts("debian", version, name, Optional.of(openssh), "systemd", "apt-get", loginUser,
                NetworkFacts.unknown(), HostRecords.none(), Map.of(), Map.of());
        return withFiles(withFacts(facts, outputs), files);
    }

    /** The same facts with module facts parsed from canned probe output (fact name to output). */
    public static Facts withFacts(Facts facts, Map<String, String> outputs) {
        Map<String, Object> parsed = new HashMap<>(facts.moduleFacts());
        for (FactProbe<?> probe : Modules.builtIn().probe(baseline()).probes()) {
            String output = outputs.get(probe.name());
            if (output != null || !parsed.containsKey(probe.name())) {
                parsed.put(probe.name(), probe.parser().parse((output == null ? "" : output)
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
        return facts.with(parsed, facts.states());
    }

    /** The same facts with another network side (operator connection, listeners). */
    public static Facts withNetwork(Facts facts, NetworkFacts network) {
        return new Facts(facts.osId(), facts.osVersion(), facts.osName(), facts.openssh(), facts.initSystem(),
                facts.packageManager(), facts.loginUser(), network, facts.records(), facts.moduleFacts(), facts.states());
    }

    /** The same facts with these file states; every other observed resource stays as it was (absent at first). */
    public static Facts withFiles(Facts facts, Map<String, State> files) {
        Map<ResourceId, State> more = new HashMap<>();
        files.forEach((path, state) -> more.put(ResourceId.file(path), state));
        return withStates(facts, more);
    }

    /** The same facts with these resource states. */
    public static Facts withStates(Facts facts, Map<ResourceId, State> more) {
        Map<ResourceId, State> states = new HashMap<>();
        for (ResourceId id : Modules.builtIn().probe(baseline()).observed()) {
            states.put(id, new State.Absent());
        }
        states.putAll(facts.states());
        states.putAll(more);
        return facts.with(facts.moduleFacts(), states);
    }

    /** The built-in baseline's policy, for what the modules observe. */
    private static HostPolicy baseline() {
        DesiredState state = TestRepos.load(Map.of("inventory/hosts.yaml", "hosts:\n  web1:\n    address: 10.0.0.1\n"));
        return state.policyFor(state.inventory().hosts().get("web1"));
    }
}
