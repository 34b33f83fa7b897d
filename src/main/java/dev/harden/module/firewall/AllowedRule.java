package dev.harden.module.firewall;

/**
 * A rule as it will be rendered: the policy's rule, whether it is rate-limited (ufw's "limit"),
 * and whether harden added it to keep the operator's own session open.
 */
record AllowedRule(FirewallRule rule, boolean limited, boolean guard) {

    String action() {
        return limited ? "limit" : "allow";
    }
}
