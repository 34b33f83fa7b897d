package dev.harden.facts;

/**
 * Which host firewalls are installed and running, so the firewall module can pick the backend
 * the host really uses.
 *
 * @param ufwInstalled        the ufw command exists
 * @param ufwActive           ufw's rules are loaded (its chains exist in iptables)
 * @param firewalldInstalled  firewall-cmd exists
 * @param firewalldRunning    {@code firewall-cmd --state} says running
 * @param firewalldZone       firewalld's default zone ("" when unknown)
 */
public record FirewallFacts(boolean ufwInstalled, boolean ufwActive, boolean firewalldInstalled,
                            boolean firewalldRunning, String firewalldZone) {

    public static FirewallFacts none() {
        return new FirewallFacts(false, false, false, false, "");
    }
}
