package dev.harden.module.upgrades;

import dev.harden.facts.Facts;
import dev.harden.facts.HostRecords;
import dev.harden.facts.NetworkFacts;
import dev.harden.facts.OpenSshVersion;
import dev.harden.facts.TestFacts;
import dev.harden.module.Inputs;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.resource.DirectoryResource;
import dev.harden.resource.FileResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import dev.harden.resource.UnitResource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Hosts of each family as the upgrades module sees them, built from canned probe output. */
final class UpgradesHosts {

    static final String RHEL9_DNF = "flavour dnf4\nrpm dnf 4.14.0\n";
    static final String FEDORA41_DNF = "flavour dnf5\nrpm dnf5 5.2.8.1\n";

    private UpgradesHosts() {
    }

    static Facts debian12() {
        return TestFacts.debian12();
    }

    static Facts debian13() {
        return TestFacts.debian13();
    }

    static Facts ubuntu2404() {
        return host("ubuntu", "24.04", "Ubuntu 24.04.1 LTS", "apt-get", "systemd", Map.of());
    }

    /** RHEL 9 with dnf 4.14 (dnf-automatic not installed yet). */
    static Facts rhel9() {
        return host("rhel", "9.4", "Red Hat Enterprise Linux 9.4 (Plow)", "dnf", "systemd",
                Map.of("upgrades.dnf", RHEL9_DNF));
    }

    /** Fedora 41, where dnf is dnf5. */
    static Facts fedora41() {
        return host("fedora", "41", "Fedora Linux 41 (Server Edition)", "dnf", "systemd",
                Map.of("upgrades.dnf", FEDORA41_DNF));
    }

    static Facts host(String id, String version, String name, String packageManager, String init,
                      Map<String, String> outputs) {
        Facts facts = new Facts(id, version, name, Optional.of(new OpenSshVersion(9, 6)), init, packageManager, "ops",
                NetworkFacts.unknown(), HostRecords.none(), Map.of(), Map.of());
        return TestFacts.withStates(TestFacts.withFacts(facts, outputs), Map.of());
    }

    /** The same host with more canned probe output. */
    static Facts with(Facts facts, Map<String, String> outputs) {
        return TestFacts.withFacts(facts, outputs);
    }

    /** The same host with these resource states. */
    static Facts with(Facts facts, ResourceId id, State state) {
        return TestFacts.withStates(facts, Map.of(id, state));
    }

    /** The host with every resource of a plan in place, as if it had been applied. */
    static Facts applied(Facts facts, ModuleResult result) {
        Map<ResourceId, State> states = new java.util.HashMap<>();
        for (Resource r : result.resources()) {
            State state;
            if (r instanceof FileResource f) {
                state = new State.File(f.mode(), f.owner(), f.group(), f.content());
            } else if (r instanceof DirectoryResource d) {
                state = new State.Directory(d.mode(), d.owner(), d.group());
            } else if (r instanceof PackageResource) {
                state = new State.Package("1.0");
            } else if (r instanceof UnitResource) {
                state = new State.Unit("enabled", "active");
            } else {
                throw new IllegalArgumentException(r.toString());
            }
            states.put(r.id(), state);
        }
        return TestFacts.withStates(facts, states);
    }

    static ModuleInput web1(Facts facts, String vars) {
        return Inputs.web1(facts, vars);
    }

    static ModuleInput as(String host, ModuleInput input) {
        return new ModuleInput(host, input.facts(), input.policy(), input.templates(), input.fleet());
    }

    static String text(FileResource file) {
        return new String(file.content(), StandardCharsets.UTF_8);
    }
}
