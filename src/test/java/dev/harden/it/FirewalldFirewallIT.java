package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same firewall scenario on a Debian 12 host where firewalld is the running firewall and
 * someone opened 8080 by hand (firewall-cmd --permanent), which harden's zone file removes.
 */
class FirewalldFirewallIT extends FirewallScenario {

    @Override
    String image() {
        return "debian12-firewalld";
    }

    @Override
    String files() {
        return "/etc/firewalld/zones/public.xml";
    }

    @Override
    void open8080ByHand() throws Exception {
        target.exec("firewall-cmd", "--permanent", "--zone", "public", "--add-port=8080/tcp");
        target.exec("firewall-cmd", "--reload");
    }

    @Override
    void assertDefaultDenyActive() throws Exception {
        assertEquals("running", target.exec("firewall-cmd", "--state").strip());
        assertEquals("public", target.exec("firewall-cmd", "--get-default-zone").strip());
        assertTrue(target.exec("firewall-cmd", "--zone", "public", "--list-all").contains("target: DROP"));
        String ports = target.exec("firewall-cmd", "--zone", "public", "--list-ports");
        assertTrue(ports.contains("22/tcp") && ports.contains("443/tcp") && !ports.contains("8080"), ports);
        assertEquals("", target.exec("firewall-cmd", "--zone", "public", "--list-services").strip(),
                "firewalld's built-in ssh/dhcpv6-client services are replaced by the policy");
    }
}
