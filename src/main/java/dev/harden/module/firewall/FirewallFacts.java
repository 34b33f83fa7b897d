package dev.harden.module.firewall;

import dev.harden.facts.FactProbe;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
record FirewallFacts(boolean ufwInstalled, boolean ufwActive, boolean firewalldInstalled,
                     boolean firewalldRunning, String firewalldZone) {

    static final FactProbe<FirewallFacts> PROBE = new FactProbe<>("firewall.state", """
            if [ -z "$R" ]; then
              command -v ufw > /dev/null 2>&1 && echo ufw-installed
              iptables -S ufw-user-input > /dev/null 2>&1 && echo ufw-active
              if command -v firewall-cmd > /dev/null 2>&1; then
                echo firewalld-installed
                # firewall-cmd is a Python program (slow): ask systemd, and read the zone from the config.
                if kind_systemd; then systemctl is-active --quiet firewalld && echo firewalld-running
                elif [ "$(firewall-cmd --state 2> /dev/null)" = running ]; then echo firewalld-running; fi
                zone=$(sed -n 's/^DefaultZone=//p' /etc/firewalld/firewalld.conf 2> /dev/null)
                echo "firewalld-zone ${zone:-public}"
              fi
            else
              [ -x "$R/usr/sbin/ufw" ] && echo ufw-installed
              [ -x "$R/usr/bin/firewall-cmd" ] && echo firewalld-installed
            fi
            """, FirewallFacts::parse);

    static FirewallFacts none() {
        return new FirewallFacts(false, false, false, false, "");
    }

    static FirewallFacts parse(byte[] output) {
        List<String> lines = new String(output, StandardCharsets.UTF_8).lines().map(String::strip).toList();
        String zone = lines.stream().filter(l -> l.startsWith("firewalld-zone ")).map(l -> l.substring(15).strip())
                .findFirst().orElse("");
        return new FirewallFacts(lines.contains("ufw-installed"), lines.contains("ufw-active"),
                lines.contains("firewalld-installed"), lines.contains("firewalld-running"), zone);
    }
}
