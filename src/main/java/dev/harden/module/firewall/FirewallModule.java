package dev.harden.module.firewall;

import dev.harden.HardenException;
import dev.harden.facts.FactProbe;
import dev.harden.facts.Facts;
import dev.harden.facts.OperatorConnection;
import dev.harden.module.Finding;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.module.OnHostCode;
import dev.harden.module.Opening;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.FileResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Resource;
import dev.harden.resource.UnitResource;
import dev.harden.resource.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A default-deny host firewall from one policy (Layer 1), on ufw or firewalld, whichever the
 * host uses, plus the service audit (Layer 4). Its files can cut off access, so they are applied
 * under commit-confirmed protection; and unless firewall.operator_guard is off, the address harden
 * connects from always keeps the SSH port open.
 */
public final class FirewallModule implements Module {

    @Override
    public String name() {
        return "firewall";
    }

    @Override
    public List<Setting> settings() {
        return FirewallPolicy.settings();
    }

    private static final String CODE = OnHostCode.load(FirewallModule.class, "firewall.sh");

    @Override
    public List<FactProbe<?>> facts() {
        return List.of(FirewallFacts.PROBE);
    }

    @Override
    public String onHostCode() {
        return CODE;
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        List<ResourceId> observed = new ArrayList<>(Stream.concat(UfwBackend.PATHS.stream(),
                Stream.of(FirewalldBackend.PATH)).map(ResourceId::file).toList());
        for (Backend backend : Backend.values()) {
            observed.add(ResourceId.pkg(backend.label()));
            observed.add(ResourceId.unit(backend.unit()));
        }
        return observed;
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        FirewallPolicy policy = FirewallPolicy.of(input.policy());
        Facts facts = input.facts();
        List<Finding> findings = new ArrayList<>();
        Optional<Backend> backend = policy.enabled() ? backend(input.hostName(), policy, facts, findings)
                : Optional.empty();
        List<AllowedRule> rules = rules(policy, backend, facts.network().operator(), input.openings(), findings);
        boolean filtering = backend.isPresent() && !policy.defaultIncoming().equals("allow");
        findings.addAll(ServiceAudit.findings(facts.network(), policy, rules, filtering));
        if (backend.isEmpty()) {
            return ModuleResult.nothing(findings);
        }
        List<FileResource> files = backend.get() == Backend.UFW ? UfwBackend.files(policy, rules, input.templates())
                : List.of(FirewalldBackend.file(policy, rules, input.templates()));
        List<Resource> resources = new ArrayList<>();
        if (!installed(backend.get(), facts)) { // firewall.install: the package first, its files re-planned once it is in
            resources.add(PackageResource.installed(name(), backend.get().label()));
        }
        resources.addAll(files);
        if (!facts.isImageRoot() && "systemd".equals(facts.initSystem())) {
            // enabled, so the rules load at boot; firewalld must also run for its rules to load now
            resources.add(new UnitResource(name(), backend.get().unit(), "enabled",
                    backend.get() == Backend.FIREWALLD ? "active" : null, true));
        }
        return ModuleResult.of(resources, findings, ruleChanges(backend.get(), facts, files));
    }

    @Override
    public List<Finding> verify(ModuleInput input) {
        FirewallPolicy policy = FirewallPolicy.of(input.policy());
        FirewallFacts firewall = input.facts().get(FirewallFacts.PROBE);
        if (!policy.enabled() || input.facts().isImageRoot()) {
            return List.of();
        }
        Optional<Backend> backend = backend(input.hostName(), policy, input.facts(), new ArrayList<>());
        if (backend.orElse(null) == Backend.UFW && !firewall.ufwActive()) {
            return List.of(Finding.warning(name(), "ufw's files are in place but its rules are not loaded; run"
                    + " 'ufw reload' on the host, or apply again"));
        }
        return List.of();
    }

    /** The backend the plan chose (a saved plan is stale when the host's would differ now). */
    @Override
    public java.util.Map<String, String> planningFacts(ModuleInput input) {
        FirewallPolicy policy = FirewallPolicy.of(input.policy());
        if (!policy.enabled()) {
            return java.util.Map.of("backend", "none (disabled)");
        }
        return java.util.Map.of("backend", backend(input.hostName(), policy, input.facts(), new ArrayList<>())
                .map(Backend::label).orElse("none"));
    }

    /** The backend for this host, or empty (with a finding) when there is none to manage. */
    private static Optional<Backend> backend(String host, FirewallPolicy policy, Facts facts, List<Finding> findings) {
        FirewallFacts firewall = facts.get(FirewallFacts.PROBE);
        Backend chosen = switch (policy.backend()) {
            case "ufw" -> require(host, Backend.UFW, firewall.ufwInstalled(), policy, facts);
            case "firewalld" -> require(host, Backend.FIREWALLD, firewall.firewalldInstalled(), policy, facts);
            default -> firewall.firewalldRunning() ? Backend.FIREWALLD
                    : firewall.ufwInstalled() ? Backend.UFW
                    : firewall.firewalldInstalled() ? Backend.FIREWALLD : toInstall(policy, facts);
        };
        if (chosen == null) {
            String why = !policy.install() ? "firewall.install is false" : facts.isImageRoot()
                    ? "packages are not installed into an image root" : "harden installs ufw with apt and firewalld"
                    + " with dnf, and this host has " + facts.packageManager();
            findings.add(Finding.warning("firewall", "no host firewall is installed, so nothing filters incoming"
                    + " traffic (" + why + "): install ufw" + install(facts, "ufw") + " or firewalld, then plan again"));
            return Optional.empty();
        }
        if (chosen == Backend.FIREWALLD && installed(chosen, facts)) {
            if (!facts.isImageRoot() && !firewall.firewalldRunning()) {
                findings.add(Finding.warning("firewall", "firewalld is installed but not running; start it"
                        + " (systemctl enable --now firewalld) or set firewall.backend: ufw"));
                return Optional.empty();
            }
            if (!firewall.firewalldZone().isEmpty() && !firewall.firewalldZone().equals(FirewalldBackend.ZONE)) {
                findings.add(Finding.warning("firewall", "firewalld's default zone is '" + firewall.firewalldZone()
                        + "' but harden manages zone 'public'; run firewall-cmd --set-default-zone=public"));
                return Optional.empty();
            }
        }
        if (chosen == Backend.FIREWALLD && !policy.defaultOutgoing().equals("allow")) {
            throw new HardenException(host + ": firewall.default_outgoing: " + policy.defaultOutgoing()
                    + " is not supported on firewalld; use allow there, or ufw (firewall.backend: ufw)");
        }
        return Optional.of(chosen);
    }

    /** The firewall to install on a host that has none (firewall.install): ufw with apt, firewalld with dnf. */
    private static Backend toInstall(FirewallPolicy policy, Facts facts) {
        if (!policy.install() || facts.isImageRoot()) {
            return null;
        }
        return switch (facts.packageManager()) {
            case "apt-get" -> Backend.UFW;
            case "dnf", "yum" -> Backend.FIREWALLD;
            default -> null;
        };
    }

    private static boolean installed(Backend backend, Facts facts) {
        FirewallFacts firewall = facts.get(FirewallFacts.PROBE);
        return backend == Backend.UFW ? firewall.ufwInstalled() : firewall.firewalldInstalled();
    }

    private static Backend require(String host, Backend backend, boolean installed, FirewallPolicy policy, Facts facts) {
        if (!installed && toInstall(policy, facts) != backend) {
            throw new HardenException(host + ": firewall.backend is " + backend.label() + " but " + backend.label()
                    + " is not installed on the host and harden cannot install it here; install it, or set"
                    + " firewall.backend: auto");
        }
        return backend;
    }

    private static String install(Facts facts, String pkg) {
        return switch (facts.packageManager()) {
            case "apt-get" -> " (apt-get install " + pkg + ")";
            case "dnf", "yum", "zypper" -> " (" + facts.packageManager() + " install " + pkg + ")";
            default -> "";
        };
    }

    /**
     * The rules to render: the operator guard (when needed) first, then the policy's, limited where
     * asked, then what the other modules' services need on this host (WireGuard's port, a private
     * network's range), unless a rule already allows exactly that.
     */
    private static List<AllowedRule> rules(FirewallPolicy policy, Optional<Backend> backend,
                                           Optional<OperatorConnection> operator, List<Opening> openings,
                                           List<Finding> findings) {
        boolean limit = policy.limitSsh() && backend.orElse(null) == Backend.UFW;
        if (policy.limitSsh() && backend.orElse(null) == Backend.FIREWALLD) {
            findings.add(Finding.info("firewall", "firewall.limit_ssh is not applied on firewalld: its rate limit"
                    + " counts all sources together, so anyone could use it up and lock you out"));
        }
        List<AllowedRule> rules = new ArrayList<>();
        for (FirewallRule rule : policy.allow()) {
            boolean limited = limit && rule.proto().equals("tcp") && rule.port().contains(policy.sshPort());
            rules.add(new AllowedRule(rule, limited, false));
        }
        for (Opening opening : openings) {
            FirewallRule rule = new FirewallRule(new PortRange(opening.fromPort(), opening.toPort()), opening.proto(),
                    opening.source().map(Cidr::parse).filter(c -> !c.anywhere()), opening.comment());
            boolean present = rules.stream().map(AllowedRule::rule).anyMatch(r -> r.port().equals(rule.port())
                    && r.proto().equals(rule.proto()) && r.from().equals(rule.from()));
            if (!present) {
                rules.add(new AllowedRule(rule, false, false));
            }
        }
        if (backend.isPresent() && policy.operatorGuard() && !policy.defaultIncoming().equals("allow")
                && operator.isPresent()) {
            OperatorConnection op = operator.get();
            boolean open = rules.stream().anyMatch(r -> r.rule().admits(op.clientAddress(), op.serverPort(), "tcp"));
            if (!open) {
                FirewallRule guard = new FirewallRule(new PortRange(op.serverPort(), op.serverPort()), "tcp",
                        Optional.of(Cidr.parse(op.clientAddress())), "harden: operator access");
                rules.add(0, new AllowedRule(guard, false, true));
                findings.add(Finding.warning("firewall", "no rule in firewall.allow lets " + op.clientAddress()
                        + " (where harden connects from) reach SSH on " + op.serverPort() + "/tcp; harden adds one so"
                        + " this session keeps access. Add a rule for your operators' networks"));
            }
        }
        return rules;
    }

    private static List<String> ruleChanges(Backend backend, Facts facts, List<FileResource> files) {
        RuleView before;
        RuleView after;
        if (backend == Backend.UFW) {
            before = UfwBackend.view(facts);
            Map<String, byte[]> desired = new java.util.HashMap<>();
            files.forEach(f -> desired.put(f.path(), f.content()));
            after = UfwBackend.view(desired);
        } else {
            before = FirewalldBackend.view(facts);
            after = FirewalldBackend.view(files.get(0).content());
        }
        return RuleView.diff(backend.label(), before, after);
    }

    /** The firewalls harden can drive: the package, and the unit that loads its rules at boot. */
    enum Backend {
        UFW("ufw"), FIREWALLD("firewalld");

        private final String label;

        Backend(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        String unit() {
            return label + ".service";
        }
    }
}
