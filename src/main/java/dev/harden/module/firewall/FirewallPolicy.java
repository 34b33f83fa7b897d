package dev.harden.module.firewall;

import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.policy.SettingType;
import java.util.List;
import java.util.Set;

/**
 * The firewall.* keys of one host, typed. {@code sshPort} is ssh.port: the port rate limiting
 * and the operator guard are about.
 */
public record FirewallPolicy(boolean enabled, boolean install, String backend, String defaultIncoming,
                             String defaultOutgoing, List<FirewallRule> allow, boolean limitSsh, boolean operatorGuard,
                             List<PortProto> internal, int sshPort) {

    static final Set<String> DEFAULTS = Set.of("deny", "reject", "allow");
    static final Set<String> BACKENDS = Set.of("auto", "ufw", "firewalld");

    static List<Setting> settings() {
        return List.of(
                Setting.bool("firewall.enabled", "manage the host firewall (ufw or firewalld)"),
                Setting.bool("firewall.install", "install the firewall a host lacks (ufw with apt, firewalld with dnf)"),
                new Setting("firewall.backend", new SettingType.Choice(BACKENDS),
                        "auto: firewalld where it runs, else ufw where installed; or force one"),
                new Setting("firewall.default_incoming", new SettingType.Choice(DEFAULTS),
                        "what happens to incoming traffic no rule allows"),
                new Setting("firewall.default_outgoing", new SettingType.Choice(DEFAULTS),
                        "what happens to outgoing traffic (ufw only; firewalld supports allow)"),
                new Setting("firewall.allow", new SettingType.Structured(RuleParser.RULES, RuleParser::rules),
                        "incoming traffic to allow; a later layer replaces the whole list"),
                Setting.bool("firewall.limit_ssh", "rate-limit new SSH connections per source (ufw's limit)"),
                Setting.bool("firewall.operator_guard", "when no rule lets harden's own address reach the SSH"
                        + " port, add one (and warn) so an apply never cuts off the session applying it"),
                new Setting("firewall.internal", new SettingType.Structured(RuleParser.PORTS, RuleParser::ports),
                        "ports of internal services: the audit warns when they listen on all interfaces"));
    }

    @SuppressWarnings("unchecked")
    static FirewallPolicy of(HostPolicy policy) {
        return new FirewallPolicy(policy.bool("firewall.enabled"), policy.bool("firewall.install"),
                policy.text("firewall.backend"),
                policy.text("firewall.default_incoming"), policy.text("firewall.default_outgoing"),
                (List<FirewallRule>) policy.value("firewall.allow", List.class), policy.bool("firewall.limit_ssh"),
                policy.bool("firewall.operator_guard"),
                (List<PortProto>) policy.value("firewall.internal", List.class), policy.integer("ssh.port"));
    }
}
