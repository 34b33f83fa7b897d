package dev.harden.module.upgrades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.harden.HardenException;
import dev.harden.module.Modules;
import dev.harden.policy.PolicyLayer;
import dev.harden.yaml.YamlParser;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad upgrades.* values are refused while the desired state loads, naming the file, line and key. */
class UpgradesPolicyErrorsTest {

    private static PolicyLayer layer(String text) {
        return PolicyLayer.parse("group db", YamlParser.parse("policies/groups/db.yaml",
                text.getBytes(StandardCharsets.UTF_8)), Modules.builtIn().schema());
    }

    private static String error(String text) {
        return assertThrows(HardenException.class, () -> layer(text)).getMessage();
    }

    @Test
    void goodValuesInEveryAcceptedSpelling() {
        PolicyLayer layer = layer("""
                upgrades:
                  origins: [security, "o=Debian Backports,n=${distro_codename}-backports"]
                  window: { days: [mon, Tuesday, FRI, Mon], start: 2:05, duration: 1h30m }
                  reboot: { time: "03:00", spread: 0 }
                  blacklist: [linux-image-*, "libstdc++6", "postgresql-1?"]
                """);
        assertEquals(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.FRIDAY),
                layer.values().get("upgrades.window.days").value());
        assertEquals(LocalTime.of(2, 5), layer.values().get("upgrades.window.start").value());
        assertEquals(Duration.ofMinutes(90), layer.values().get("upgrades.window.duration").value());
        assertEquals(Duration.ZERO, layer.values().get("upgrades.reboot.spread").value());
        assertEquals(new PolicyValues.Origins(true, false, List.of("o=Debian Backports,n=${distro_codename}-backports")),
                layer.values().get("upgrades.origins").value());
        assertEquals("policies/groups/db.yaml:3", layer.values().get("upgrades.window.start").origin().toString());
    }

    @Test
    void badDaysTimesAndDurationsNameTheFileAndLine() {
        assertEquals("policies/groups/db.yaml:3: upgrades.window.days must name at least one day (to stop automatic"
                + " upgrades, set upgrades.enabled: false)", error("upgrades:\n  window:\n    days: []\n"));
        assertEquals("policies/groups/db.yaml:3: upgrades.window.start must be a time of day like \"02:00\" (00:00 to"
                + " 23:59), got string '25:00'", error("upgrades:\n  window:\n    start: \"25:00\"\n"));
        assertEquals("policies/groups/db.yaml:3: upgrades.reboot.time must be a time of day like \"02:00\" (00:00 to"
                + " 23:59), got string '3.30'", error("upgrades:\n  reboot:\n    time: \"3.30\"\n"));
        assertEquals("policies/groups/db.yaml:3: upgrades.window.duration must be a duration like 2h, 90m or 1h30m,"
                + " from 30m to 24h, got string 'two hours'", error("upgrades:\n  window:\n    duration: two hours\n"));
        assertEquals("policies/groups/db.yaml:3: upgrades.window.duration must be a duration like 2h, 90m or 1h30m,"
                + " from 30m to 24h, got int '120'", error("upgrades:\n  window:\n    duration: 120\n"));
        assertEquals("policies/groups/db.yaml:3: upgrades.window.duration must be a duration like 2h, 90m or 1h30m,"
                + " from 30m to 24h, got string '25h'", error("upgrades:\n  window:\n    duration: 25h\n"));
        assertEquals("policies/groups/db.yaml:3: upgrades.reboot.spread must be a duration like 30m or 1h (0m for"
                + " none), at most 12h, got string '-5m'", error("upgrades:\n  reboot:\n    spread: -5m\n"));
    }

    @Test
    void dayErrorsPointAtTheEntry() {
        String message = error("upgrades:\n  window:\n    days:\n      - Mon\n      - Mun\n");
        assertEquals("policies/groups/db.yaml:5: upgrades.window.days entry 2: 'Mun' is not a day (use Mon, Tue, Wed,"
                + " Thu, Fri, Sat or Sun)", message);
    }

    @Test
    void badOriginsAreRefused() {
        assertEquals("policies/groups/db.yaml:2: upgrades.origins entry 1: 'securty' is not an origin: use security,"
                + " updates or an apt origin pattern like \"o=Debian Backports,n=${distro_codename}-backports\"",
                error("upgrades:\n  origins: [securty]\n"));
        assertEquals("policies/groups/db.yaml:2: upgrades.origins entry 1: origin pattern 'origin=Debian,suit=stable':"
                + " unknown keyword 'suit' (use origin, codename, archive, label, component or site, or o, n, a, l, c)",
                error("upgrades:\n  origins: [\"origin=Debian,suit=stable\"]\n"));
        assertEquals("policies/groups/db.yaml:2: upgrades.origins entry 1: origin pattern 'o=Debian\";\\nAPT::X \"1':"
                + " 'o=Debian\";\\nAPT::X \"1' must be keyword=value with letters, digits, spaces, . _ + ~ : / @ - * ?"
                + " and ${distro_id} or ${distro_codename} in the value",
                error("upgrades:\n  origins: [\"o=Debian\\\";\\nAPT::X \\\"1\"]\n"));
        assertEquals("policies/groups/db.yaml:2: upgrades.origins must name at least one origin, like [security] (to"
                + " stop automatic upgrades, set upgrades.enabled: false)", error("upgrades:\n  origins: []\n"));
    }

    @Test
    void blacklistPatternsWithSpacesOrNewlinesAreRefused() {
        for (String bad : List.of("linux image", "linux\\nimage", "\\\"x\\\"", "a;b", "linux-$(reboot)", "")) {
            String message = error("upgrades:\n  blacklist:\n    - ok\n    - \"" + bad + "\"\n");
            assertEquals("policies/groups/db.yaml:4: upgrades.blacklist entry 2: ", message.substring(0,
                    "policies/groups/db.yaml:4: upgrades.blacklist entry 2: ".length()), message);
            assertEquals(true, message.contains("is not a package name pattern"), message);
            assertEquals(false, message.contains("\n"), "one line: " + message);
        }
    }
}
