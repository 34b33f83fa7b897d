package dev.harden.module.sshd;

import dev.harden.module.Finding;
import dev.harden.policy.HostPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the effective sshd configuration ({@code sshd -T} for harden's own connection) with
 * the policy, and reports every policy value that a drop-in or a Match block overrides.
 */
final class EffectiveConfigCheck {

    private final String module;
    private final HostPolicy policy;
    private final Map<String, List<String>> effective;
    private final String loginUser;
    private final List<Finding> findings = new ArrayList<>();

    EffectiveConfigCheck(String module, HostPolicy policy, Map<String, List<String>> effective, String loginUser) {
        this.module = module;
        this.policy = policy;
        this.effective = effective;
        this.loginUser = loginUser;
    }

    List<Finding> findings() {
        expect("ssh.port", "port", Set.of(String.valueOf(policy.integer("ssh.port"))));
        expect("ssh.permit_root_login", "permitrootlogin", policy.bool("ssh.permit_root_login")
                ? Set.of("prohibit-password", "without-password") : Set.of("no"));
        expect("ssh.password_authentication", "passwordauthentication", yesNo("ssh.password_authentication"));
        String kbd = effective.containsKey("kbdinteractiveauthentication")
                ? "kbdinteractiveauthentication" : "challengeresponseauthentication";
        expect("key-only authentication", kbd, Set.of("no"));
        expect("key-only authentication", "pubkeyauthentication", Set.of("yes"));
        expect("ssh.max_auth_tries", "maxauthtries", Set.of(String.valueOf(policy.integer("ssh.max_auth_tries"))));
        expect("ssh.x11_forwarding", "x11forwarding", yesNo("ssh.x11_forwarding"));
        expect("ssh.allow_tcp_forwarding", "allowtcpforwarding", yesNo("ssh.allow_tcp_forwarding"));
        expect("ssh.allow_agent_forwarding", "allowagentforwarding", yesNo("ssh.allow_agent_forwarding"));
        expect("ssh.log_level", "loglevel", Set.of(policy.text("ssh.log_level")));
        expectSet("ssh.allow_users", "allowusers");
        expectSet("ssh.allow_groups", "allowgroups");
        return findings;
    }

    private Set<String> yesNo(String key) {
        return Set.of(policy.bool(key) ? "yes" : "no");
    }

    private void expect(String policyKey, String directive, Set<String> accepted) {
        List<String> values = effective.get(directive);
        String value = values == null || values.isEmpty() ? "(unset)" : values.get(0);
        if (!accepted.contains(value)) {
            report(policyKey, directive, value, String.join(" or ", new TreeSet<>(accepted)));
        }
    }

    private void expectSet(String policyKey, String directive) {
        Set<String> wanted = new TreeSet<>(policy.list(policyKey));
        Set<String> actual = new TreeSet<>();
        effective.getOrDefault(directive, List.of())
                .forEach(v -> actual.addAll(Arrays.asList(v.split("\\s+"))));
        if (!wanted.equals(actual)) {
            report(policyKey, directive, actual.isEmpty() ? "(none)" : String.join(" ", actual),
                    wanted.isEmpty() ? "(none)" : String.join(" ", wanted));
        }
    }

    private void report(String policyKey, String directive, String effective, String wanted) {
        findings.add(Finding.warning(module, policyKey + ": effective " + directive + " for " + loginUser
                + " is '" + effective + "', policy wants '" + wanted + "': another drop-in in /etc/ssh/sshd_config.d"
                + " or a Match block overrides it"));
    }
}
