package dev.harden.module.wireguard;

import dev.harden.facts.FactProbe;
import dev.harden.facts.Facts;
import dev.harden.module.Finding;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.module.OnHostCode;
import dev.harden.module.Opening;
import dev.harden.module.Pin;
import dev.harden.module.RepositoryFile;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.policy.SettingType;
import dev.harden.resource.DirectoryResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A WireGuard private network between hosts (Layer 3): a mesh, or a hub and its members. Each
 * host's private key is born on the host ({@code wg genkey} under umask 077) and never leaves it;
 * only its public half comes back, and it is pinned in inventory/wireguard_keys like an SSH host
 * key: recorded only when the run is asked to (--trust-new-wireguard-keys), a changed key refused,
 * a rotation explicit (--rotate-wireguard-key). Peers come from the fleet's facts in this run, else
 * from the pinned keys, so hosts outside --limit stay peers; a member with no key anywhere yet is
 * pending. Configs hold no key (PostUp loads it); peers change live with wg syncconf, the key
 * checked before and after. Members' firewalls open the network's port and, where the policy says,
 * ports to the network's range.
 */
public final class WireGuardModule implements Module {

    private static final String CODE = OnHostCode.load(WireGuardModule.class, "wireguard.sh");
    private static final String NETWORKS = "wireguard.networks";

    @Override
    public String name() {
        return NetworkPlanner.MODULE;
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting(NETWORKS, new SettingType.Structured(NetworkParser.WHAT, NetworkParser::networks),
                "WireGuard networks between hosts: members (hosts or groups), address range, port, topology"));
    }

    @Override
    public List<FactProbe<?>> facts() {
        return List.of(WgFacts.PROBE);
    }

    @Override
    public String onHostCode() {
        return CODE;
    }

    @Override
    public List<RepositoryFile<?>> repositoryFiles() {
        return List.of(PinnedKeys.FILE);
    }

    @SuppressWarnings("unchecked")
    static List<WgNetwork> networks(HostPolicy policy) {
        return (List<WgNetwork>) policy.value(NETWORKS, List.class);
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        List<WgNetwork> networks = networks(policy);
        if (networks.isEmpty()) {
            return List.of();
        }
        List<ResourceId> observed = new ArrayList<>(List.of(ResourceId.pkg("wireguard-tools"),
                ResourceId.pkg("wireguard-go"), ResourceId.pkg("iproute2"), ResourceId.directory(NetworkPlanner.DIR)));
        for (WgNetwork network : networks) {
            observed.add(NetworkPlanner.keyId(network.name()));
            observed.add(ResourceId.file(NetworkPlanner.confPath(network.name())));
            observed.add(ResourceId.unit(NetworkPlanner.unit(network.name())));
        }
        return observed;
    }

    @Override
    public List<Opening> openings(ModuleInput input) {
        List<Opening> openings = new ArrayList<>();
        if (input.facts().isImageRoot()) {
            return openings;
        }
        for (WgNetwork network : networks(input.policy())) {
            if (!NetworkPlanner.members(network, input.fleet().inventory()).contains(input.hostName())) {
                continue;
            }
            openings.add(new Opening(name(), network.port(), network.port(), "udp", Optional.empty(),
                    "wireguard " + network.name()));
            for (WgNetwork.Allow allow : network.allow()) {
                openings.add(new Opening(name(), allow.first(), allow.last(), allow.proto(),
                        Optional.of(network.range().toString()), "from wireguard " + network.name()));
            }
        }
        return openings;
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        List<WgNetwork> networks = networks(input.policy());
        if (networks.isEmpty()) {
            return ModuleResult.nothing(List.of());
        }
        Facts facts = input.facts();
        List<Resource> resources = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        List<Pin> pins = new ArrayList<>();
        boolean member = false;
        for (WgNetwork network : networks) {
            NetworkPlanner planner = new NetworkPlanner(input, network);
            Set<String> members = NetworkPlanner.members(network, input.fleet().inventory());
            NetworkPlanner.Planned planned;
            if (!members.contains(input.hostName())) {
                planned = planner.former();
            } else if (facts.isImageRoot()) {
                findings.add(Finding.warning(name(), network.name() + ": not set up in an image root: every machine"
                        + " made from the image would share one private key; harden sets WireGuard up on each running"
                        + " host"));
                continue;
            } else {
                member = true;
                boolean overMesh = facts.network().operator().map(op -> planner.contains(op.serverAddress()))
                        .orElse(false);
                planned = planner.member(members, overMesh);
            }
            resources.addAll(planned.resources());
            findings.addAll(planned.findings());
            changes.addAll(planned.changes());
            pins.addAll(planned.pins());
        }
        if (member) {
            resources.addAll(0, packages(facts));
            resources.add(packages(facts).size(), DirectoryResource.of(name(), NetworkPlanner.DIR, 0700));
        }
        return new ModuleResult(resources, findings, changes, pins);
    }

    /** wireguard-tools (wg, wg-quick), iproute2, and wireguard-go where the kernel has no WireGuard. */
    private List<Resource> packages(Facts facts) {
        List<Resource> packages = new ArrayList<>(List.of(PackageResource.installed(name(), "wireguard-tools"),
                PackageResource.installed(name(), "iproute2")));
        if (!facts.get(WgFacts.PROBE).kernelModule()) {
            packages.add(PackageResource.installed(name(), "wireguard-go"));
        }
        return packages;
    }

    @Override
    public List<Finding> verify(ModuleInput input) {
        Facts facts = input.facts();
        if (facts.isImageRoot() || !"systemd".equals(facts.initSystem())) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        WgFacts wg = facts.get(WgFacts.PROBE);
        for (WgNetwork network : networks(input.policy())) {
            if (!NetworkPlanner.members(network, input.fleet().inventory()).contains(input.hostName())
                    || !(facts.state(NetworkPlanner.keyId(network.name())) instanceof State.Secret key)) {
                continue;
            }
            String live = wg.live().get(network.name());
            if (live == null) {
                findings.add(Finding.warning(name(), network.name() + " is not up although its config is in place;"
                        + " see systemctl status " + NetworkPlanner.unit(network.name())));
            } else if (!live.equals(key.publicValue())) {
                findings.add(Finding.warning(name(), network.name() + " runs with public key " + PublicKeys.shortly(live)
                        + ", not the one of " + NetworkPlanner.keyPath(network.name()) + " ("
                        + PublicKeys.shortly(key.publicValue()) + "); apply again to load the key"));
            }
        }
        return findings;
    }
}
