package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The firewall scenario on Debian 12 with ufw (installed, inactive, as Debian ships it), plus
 * the on-host revert timer undoing a blocking rule set when the controller is killed.
 */
class UfwFirewallIT extends FirewallScenario {

    @Override
    String image() {
        return "debian12";
    }

    @Override
    String files() {
        return "/etc/default/ufw /etc/ufw/ufw.conf /etc/ufw/user.rules /etc/ufw/user6.rules";
    }

    @Override
    void open8080ByHand() {
        // ufw is installed but inactive, as Debian ships it: everything is open.
    }

    @Override
    void assertDefaultDenyActive() throws Exception {
        String status = target.exec("ufw", "status", "verbose");
        assertTrue(status.contains("Status: active"), status);
        assertTrue(status.contains("Default: deny (incoming), allow (outgoing)"), status);
        assertTrue(status.contains("22/tcp                     ALLOW IN    Anywhere                   # ssh"), status);
    }

    @Test
    @Order(7)
    void controllerKilledAfterTheBlockingRulesLoadStillReverts() throws Exception {
        assertTrue(fromOutside(22).startsWith("SSH-2.0-OpenSSH"), "22 is open before");
        String before = state();
        DesiredRepo blocking = repo("blocking-kill", "    vars:\n      firewall:\n        operator_guard: false\n"
                + "        allow:\n          - { port: 22, proto: tcp, from: 10.0.0.0/8 }\n");
        // Killed once the blocking rules are LOADED: only the timer's own ufw reload can open 22 again.
        ChildController.killWhen(target, "iptables -S ufw-user-input | grep -q 10.0.0.0/8",
                work.resolve("controller.log"), "apply", "--repo", dir(blocking), "--auto-approve",
                "--confirm-timeout", "10");
        String meta = ChildController.newestGenerationOnceReverted(target);
        assertTrue(meta.contains("reverted_by=on-host timer"), "the on-host timer reverted it: " + meta);
        assertEquals(before, state(), "ufw files as before");
        String banner;
        try {
            banner = fromOutside(22);
        } catch (IllegalStateException e) { // say what the host has loaded, and what the revert unit said
            banner = e.getMessage() + "\n" + target.exec("sh", "-c", "iptables -S ufw-user-input;"
                    + " journalctl --no-pager -u 'harden-revert-*' | tail -n 30");
        }
        assertTrue(banner.startsWith("SSH-2.0-OpenSSH"), "22 answers from outside again: " + banner);
        target.exec("rm", "-rf", "/var/lib/harden/lock"); // the killed run's lock, proven in SafeChangesIT
    }
}
