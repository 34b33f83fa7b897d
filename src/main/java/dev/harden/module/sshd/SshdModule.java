package dev.harden.module.sshd;

import dev.harden.HardenException;
import dev.harden.facts.FactProbe;
import dev.harden.facts.Facts;
import dev.harden.facts.OpenSshVersion;
import dev.harden.module.Finding;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.module.RunbookSection;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.FileResource;
import dev.harden.resource.Reload;
import dev.harden.resource.ResourceId;
import dev.harden.resource.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Key-only SSH: renders the whole /etc/ssh/sshd_config from sshd_config.ftl (harden's settings
 * first, so a drop-in cannot silently weaken them; drop-ins are read after), with algorithms
 * chosen for the host's OpenSSH version. Validated with {@code sshd -t -f}, reloaded, and
 * verified against {@code sshd -T}.
 */
public final class SshdModule implements Module {

    public static final String CONFIG = "/etc/ssh/sshd_config";
    private static final List<String> PREFERRED_HOST_KEYS = List.of("/etc/ssh/ssh_host_ed25519_key",
            "/etc/ssh/ssh_host_rsa_key");

    @Override
    public String name() {
        return "sshd";
    }

    @Override
    public List<Setting> settings() {
        return SshSettings.all();
    }

    @Override
    public List<FactProbe<?>> facts() {
        return List.of(SshdFacts.SERVICE, SshdFacts.EFFECTIVE);
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        return List.of(ResourceId.file(CONFIG));
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        HostPolicy policy = input.policy();
        Facts facts = input.facts();
        if (!policy.bool("ssh.enabled")) {
            return ModuleResult.nothing(List.of());
        }
        if (facts.openssh().isEmpty()) {
            return ModuleResult.nothing(List.of(Finding.info(name(),
                    "no OpenSSH server found on the host: sshd_config not managed")));
        }
        OpenSshVersion version = facts.openssh().get();
        Map<String, Object> model = Map.of(
                "policy", policy.nested(),
                "host", Map.of("name", input.hostName()),
                "facts", Map.of("os_id", facts.osId(), "os_version", facts.osVersion(), "openssh", version.toString()),
                "sshd", sshdModel(input.hostName(), facts, policy, version));
        String rendered = input.templates().render("sshd_config.ftl", model);
        FileResource file = new FileResource(name(), CONFIG, rendered.getBytes(StandardCharsets.UTF_8), 0644, "root",
                "root", Optional.of(Validator.of("sshd", "-t", "-f", "{}")),
                List.of(new Reload(facts.get(SshdFacts.SERVICE).unit(), "/run/sshd.pid")), false, true);
        return new ModuleResult(List.of(file), facts.isImageRoot() ? List.of() : accessWarnings(policy, facts.loginUser()));
    }

    @Override
    public List<Finding> verify(ModuleInput input) {
        Facts facts = input.facts();
        if (!input.policy().bool("ssh.enabled") || facts.isImageRoot() || facts.openssh().isEmpty()) {
            return List.of();
        }
        SshdFacts.Effective effective = facts.get(SshdFacts.EFFECTIVE);
        if (effective.error() != null) {
            return List.of(Finding.warning(name(), "sshd -T failed, effective configuration unknown: "
                    + effective.error()));
        }
        return new EffectiveConfigCheck(name(), input.policy(), effective.values(), facts.loginUser()).findings();
    }

    /** Who may log in and how, as the sshd_config harden writes says it. */
    @Override
    public List<RunbookSection> runbook(ModuleInput input) {
        HostPolicy policy = input.policy();
        String title = "Who may log in, and how (SSH)";
        if (!policy.bool("ssh.enabled")) {
            return List.of(new RunbookSection(title,
                    List.of("sshd is not managed by harden here (ssh.enabled: false)")));
        }
        List<String> lines = new ArrayList<>();
        List<String> addresses = policy.list("ssh.listen_addresses");
        lines.add("SSH on port " + policy.integer("ssh.port") + ", " + (addresses.isEmpty() ? "all addresses"
                : "only " + String.join(", ", addresses)));
        lines.add(policy.bool("ssh.password_authentication")
                ? "passwords ARE accepted (ssh.password_authentication: true); keys too"
                : "keys only: passwords and keyboard-interactive logins are refused");
        lines.add(policy.bool("ssh.permit_root_login") ? "root may log in, with a key only"
                : "root may not log in: log in as yourself and use sudo");
        List<String> users = policy.list("ssh.allow_users");
        List<String> groups = policy.list("ssh.allow_groups");
        lines.add("users allowed (AllowUsers): " + (users.isEmpty() ? "no list: any account with an authorized key"
                : String.join(", ", users)));
        lines.add("groups allowed (AllowGroups): " + (groups.isEmpty() ? "no list" : String.join(", ", groups)));
        lines.add("your key goes in ~/.ssh/authorized_keys of your own account; at most "
                + policy.integer("ssh.max_auth_tries") + " attempts per connection, idle sessions end after "
                + policy.integer("ssh.client_alive_interval")
                * Math.max(1, policy.integer("ssh.client_alive_count_max"))
                + " s without an answer");
        lines.add("forwarding: X11 " + onOff(policy, "ssh.x11_forwarding") + ", TCP " + onOff(policy,
                "ssh.allow_tcp_forwarding") + ", agent " + onOff(policy, "ssh.allow_agent_forwarding") + ", tunnels "
                + onOff(policy, "ssh.permit_tunnel"));
        lines.add(CONFIG + " is written by harden" + (policy.bool("ssh.include_drop_ins")
                ? "; drop-ins in /etc/ssh/sshd_config.d/ are read after it (sshd keeps the first value it reads)"
                : "; drop-ins in /etc/ssh/sshd_config.d/ are not read"));
        return List.of(new RunbookSection(title, lines));
    }

    private static String onOff(HostPolicy policy, String key) {
        return policy.bool(key) ? "on" : "off";
    }

    private static Map<String, Object> sshdModel(String host, Facts facts, HostPolicy policy, OpenSshVersion version) {
        List<String> present = facts.get(SshdFacts.SERVICE).hostKeys();
        List<String> hostKeys = new ArrayList<>(PREFERRED_HOST_KEYS.stream().filter(present::contains).toList());
        if (hostKeys.isEmpty()) {
            hostKeys.addAll(PREFERRED_HOST_KEYS); // an image root before first boot: the standard keys
        }
        SshCrypto crypto = SshCrypto.forVersion(version);
        if ("post-quantum-only".equals(policy.text("ssh.kex"))) {
            crypto = SshCrypto.postQuantumOnly(version);
            if (crypto.kex().isEmpty()) {
                throw new HardenException(host + ": ssh.kex: post-quantum-only (" + policy.origin("ssh.kex") + ") needs OpenSSH 8.5"
                        + " or newer, the host has OpenSSH " + version + "; use ssh.kex: default for this host");
            }
        }
        return Map.of(
                "host_keys", hostKeys,
                "permit_root_login", policy.bool("ssh.permit_root_login") ? "prohibit-password" : "no",
                "kbd_interactive_keyword", version.atLeast(8, 7) ? "KbdInteractiveAuthentication"
                        : "ChallengeResponseAuthentication",
                "kex", crypto.kex(),
                "ciphers", crypto.ciphers(),
                "macs", crypto.macs(),
                "host_key_algorithms", crypto.hostKeyAlgorithms());
    }

    /** Warnings for policies that would shut out the account harden itself connects with. */
    private List<Finding> accessWarnings(HostPolicy policy, String loginUser) {
        List<Finding> findings = new ArrayList<>();
        List<String> allowUsers = policy.list("ssh.allow_users");
        if (!allowUsers.isEmpty() && !allowUsers.contains(loginUser) && !allowUsers.contains("*")) {
            findings.add(Finding.warning(name(), "ssh.allow_users (" + policy.origin("ssh.allow_users")
                    + ") does not include " + loginUser + ", the user harden connects as: this change cuts off access"));
        }
        if ("root".equals(loginUser) && !policy.bool("ssh.permit_root_login")) {
            findings.add(Finding.warning(name(), "harden connects as root but ssh.permit_root_login is false:"
                    + " connect as an unprivileged user with sudo (set user: in the inventory)"));
        }
        return findings;
    }
}
