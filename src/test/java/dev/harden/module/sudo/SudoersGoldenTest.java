package dev.harden.module.sudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.facts.TestFacts;
import dev.harden.resource.FileResource;
import dev.harden.module.Golden;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SudoersGoldenTest {

    private static ModuleResult plan(String groupPolicy) {
        DesiredState state = TestRepos.load(Map.of(
                "policies/groups/web.yaml", groupPolicy,
                "inventory/hosts.yaml", "hosts:\n  web1:\n    address: 10.0.0.1\n    groups: [web]\n"));
        return new SudoModule().plan(new ModuleInput("web1", TestFacts.debian12(),
                state.policyFor(state.inventory().hosts().get("web1")), state.templates(),
                dev.harden.module.FleetView.single(state.inventory(), "web1", TestFacts.debian12())));
    }

    @Test
    void baselineDropInMatchesGolden() {
        ModuleResult result = plan("{}\n");
        assertEquals(1, result.resources().size());
        FileResource file = (FileResource) result.resources().get(0);
        Golden.assertMatches("sudoers_harden-baseline", file.content());
        assertEquals("/etc/sudoers.d/harden", file.path());
        assertEquals(0440, file.mode());
        assertEquals("root", file.owner());
        assertEquals("root", file.group());
        assertEquals(List.of("visudo", "-c", "-q", "-f", "/etc/sudoers.d/harden.harden-new"),
                file.validator().orElseThrow().forPath("/etc/sudoers.d/harden.harden-new"));
        assertFalse(file.path().substring(file.path().lastIndexOf('/')).contains("."), "sudo skips names with a dot");
    }

    @Test
    void ioLoggingDropInMatchesGolden() {
        FileResource file = (FileResource) plan("sudo:\n  log_file: \"\"\n  log_io: true\n  io_log_dir: /var/log/sudo-io\n")
                .resources().get(0);
        Golden.assertMatches("sudoers_harden-log_io", file.content());
        String text = new String(file.content(), StandardCharsets.UTF_8);
        assertFalse(text.contains("logfile="), text);
        assertTrue(text.contains("Defaults log_input, log_output\n"), text);
    }

    @Test
    void disabledModuleWantsNothing() {
        assertTrue(plan("sudo:\n  enabled: false\n").resources().isEmpty());
    }

    @Test
    void logFileMustBeAPlainPath() {
        String message = assertThrows(HardenException.class,
                () -> plan("sudo:\n  log_file: \"/var/log/x\\\"\\nDefaults !authenticate\"\n")).getMessage();
        assertTrue(message.startsWith("policies/groups/web.yaml:2: sudo.log_file must be an absolute path"), message);
    }
}
