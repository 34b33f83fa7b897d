package dev.harden.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.facts.TestFacts;
import dev.harden.policy.PolicyLayer;
import dev.harden.policy.Schema;
import dev.harden.policy.Setting;
import dev.harden.resource.FileResource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.Validator;
import dev.harden.yaml.YamlParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModuleContractTest {

    @Test
    void builtInModulesDeclareDistinctKeysAndPaths() {
        Modules modules = Modules.builtIn();
        assertEquals(List.of("sshd", "sudo", "firewall", "upgrades", "apparmor", "wireguard", "gitops", "console",
                "runbook"),
                modules.all().stream().map(Module::name).toList());
        List<String> files = modules.probe(Inputs.web1(TestFacts.debian12()).policy()).observed().stream()
                .filter(id -> id.kind() == dev.harden.resource.Kind.FILE).map(ResourceId::key).toList();
        assertEquals(List.of("/etc/ssh/sshd_config", "/etc/sudoers.d/harden", "/etc/default/ufw", "/etc/ufw/ufw.conf",
                "/etc/ufw/user.rules", "/etc/ufw/user6.rules", "/etc/firewalld/zones/public.xml",
                "/etc/apt/apt.conf.d/52harden-unattended-upgrades", "/etc/dnf/automatic.conf",
                "/etc/systemd/system/apt-daily.timer.d/harden-window.conf",
                "/etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf",
                "/etc/systemd/system/dnf-automatic.timer.d/harden-window.conf",
                "/etc/systemd/system/dnf5-automatic.timer.d/harden-window.conf", "/etc/apparmor.d/.harden-profiles",
                "/usr/local/sbin/harden-local", "/etc/systemd/system/harden-expire.service",
                "/etc/systemd/system/harden-expire.timer", "/etc/harden/README", "/etc/motd.d/harden"), files);
        assertTrue(modules.schema().find("ssh.password_authentication").isPresent());
        assertTrue(modules.schema().find("sudo.log_io").isPresent());
    }

    @Test
    void aModuleThePolicyTurnsOffAsksTheHostForNoFacts() {
        Modules modules = Modules.builtIn();
        List<String> on = modules.probe(Inputs.web1(TestFacts.debian12()).policy()).probes().stream()
                .map(p -> p.name()).toList();
        assertTrue(on.containsAll(List.of("upgrades.apt", "upgrades.timers", "apparmor.state", "sshd.effective")), on.toString());
        List<String> off = modules.probe(Inputs.web1(TestFacts.debian12(), "upgrades:\n  enabled: false\n"
                + "apparmor:\n  enabled: false").policy()).probes().stream().map(p -> p.name()).toList();
        assertEquals(on.stream().filter(n -> !n.startsWith("upgrades.") && !n.startsWith("apparmor.")).toList(), off);
    }

    @Test
    void shippedBaselineSetsEveryKey() throws IOException {
        byte[] baseline;
        try (InputStream in = getClass().getResourceAsStream("/harden-builtin/policies/baseline.yaml")) {
            baseline = in.readAllBytes();
        }
        // read as the loader reads it: keys may be nested deeper than section.key (upgrades.window.start)
        Schema schema = Modules.builtIn().schema();
        PolicyLayer layer = PolicyLayer.parse("baseline", YamlParser.parse("policies/baseline.yaml", baseline), schema);
        for (Setting setting : schema.settings()) {
            assertTrue(layer.values().containsKey(setting.key()), "baseline lacks " + setting.key());
        }
    }

    @Test
    void validatorMustNameTheStagedFile() {
        assertThrows(IllegalArgumentException.class, () -> Validator.of("sshd", "-t"));
        Validator validator = Validator.of("visudo", "-cf", "{}");
        assertEquals(List.of("visudo", "-cf", "/x.harden-new"), validator.forPath("/x.harden-new"));
        assertEquals("visudo -cf {}", validator.display());
    }

    @Test
    void managedPathsAreAbsoluteAndPlain() {
        for (String bad : List.of("etc/motd", "/etc/../shadow", "/etc/motd\n/etc/shadow")) {
            assertThrows(IllegalArgumentException.class, () -> new FileResource("m", bad, new byte[0], 0644, "root",
                    "root", Optional.empty(), List.of(), false, false), bad);
        }
    }
}
