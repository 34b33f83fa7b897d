package dev.harden.module.upgrades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.facts.Facts;
import dev.harden.module.Golden;
import dev.harden.module.ModuleResult;
import dev.harden.resource.FileResource;
import dev.harden.resource.Resource;
import dev.harden.resource.UnitResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the upgrades module writes for each family, from facts only, byte for byte. Debian 12 and
 * 13 get the same drop-in: the security patterns of their vendor 50unattended-upgrades are the
 * same. RHEL is covered here only (no RHEL host can be built in this project's test setup).
 */
class UpgradesGoldenTest {

    private final UpgradesModule module = new UpgradesModule();

    private ModuleResult plan(Facts facts, String vars) {
        return module.plan(UpgradesHosts.web1(facts, vars));
    }

    private static FileResource file(ModuleResult result, String path) {
        return result.resources().stream().filter(FileResource.class::isInstance).map(FileResource.class::cast)
                .filter(f -> f.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError(path + " in "
                        + result.resources()));
    }

    private static List<String> labels(ModuleResult result) {
        return result.resources().stream().map(Resource::id).map(id -> id.label()).toList();
    }

    @Test
    void debian12And13GetTheSameDropInAndTimerDropIns() {
        for (Facts facts : List.of(UpgradesHosts.debian12(), UpgradesHosts.debian13())) {
            ModuleResult result = plan(facts, "");
            Golden.assertMatches("upgrades_52harden-unattended-upgrades-debian",
                    file(result, AptUpgrades.DROP_IN).content());
            Golden.assertMatches("upgrades_apt-daily.timer-harden-window.conf",
                    file(result, "/etc/systemd/system/apt-daily.timer.d/harden-window.conf").content());
            Golden.assertMatches("upgrades_apt-daily-upgrade.timer-harden-window.conf",
                    file(result, "/etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf").content());
            assertEquals(List.of(), result.findings(), "a stock Debian host: nothing to report");
        }
    }

    @Test
    void debianResourcesInTheOrderTheyAreMade() {
        ModuleResult result = plan(UpgradesHosts.debian12(), "");
        assertEquals(List.of("package unattended-upgrades", "file /etc/apt/apt.conf.d/52harden-unattended-upgrades",
                "directory /etc/systemd/system/apt-daily.timer.d",
                "file /etc/systemd/system/apt-daily.timer.d/harden-window.conf", "unit apt-daily.timer",
                "directory /etc/systemd/system/apt-daily-upgrade.timer.d",
                "file /etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf",
                "unit apt-daily-upgrade.timer"), labels(result));
        FileResource dropIn = file(result, AptUpgrades.DROP_IN);
        assertEquals(0644, dropIn.mode());
        assertEquals("apt_conf check", dropIn.validator().orElseThrow().display());
        assertFalse(dropIn.canCutAccess(), "upgrades cannot cut off access: no commit-confirmed");
        assertEquals(List.of(), dropIn.reloads(), "apt reads its configuration on every run");
        FileResource timer = file(result, "/etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf");
        assertEquals("timer_calendar check", timer.validator().orElseThrow().display());
        assertEquals(List.of(), timer.reloads(), "the daemon-reload re-arms the timer: no restart");
        assertTrue(timer.isUnitFile(), "the core reloads systemd for it");
        UnitResource unit = (UnitResource) result.resources().get(result.resources().size() - 1);
        assertEquals("enabled", unit.enablement());
        assertEquals("active", unit.activity());
        assertEquals(List.of("~ unattended-upgrades: origins security; window Mon..Fri 02:00-04:00, upgrades start by 02:45,"
                + " reboot when required at 03:56; lists and downloads daily from 00:00"),
                result.changes());
    }

    @Test
    void ubuntuUsesItsAllowedOriginsAndApplyListchangesWhenAsked() {
        ModuleResult result = plan(UpgradesHosts.ubuntu2404(), "upgrades:\n  apt_listchanges: true\n");
        Golden.assertMatches("upgrades_52harden-unattended-upgrades-ubuntu", file(result, AptUpgrades.DROP_IN).content());
        assertTrue(labels(result).contains("package apt-listchanges"), labels(result).toString());
    }

    @Test
    void updatesBlacklistPatternsAndNoReboot() {
        ModuleResult result = plan(UpgradesHosts.debian12(), """
                upgrades:
                  origins: [updates, "o=Debian Backports,n=${distro_codename}-backports"]
                  window: { days: [Sat, Sun], start: "23:30", duration: 3h }
                  reboot: { when_required: false }
                  blacklist: [linux-image-*, libc6, "postgresql-1?", "libstdc++6"]
                  remove_unused: false
                """);
        Golden.assertMatches("upgrades_52harden-unattended-upgrades-debian-custom",
                file(result, AptUpgrades.DROP_IN).content());
        String timer = UpgradesHosts.text(file(result,
                "/etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf"));
        assertTrue(timer.contains("\nOnCalendar=\nOnCalendar=Sat,Sun 23:30\nRandomizedDelaySec=90min\n"), timer);
        String download = UpgradesHosts.text(file(result, "/etc/systemd/system/apt-daily.timer.d/harden-window.conf"));
        assertTrue(download.contains("\nOnCalendar=*-*-* 21:30\nRandomizedDelaySec=60min\nPersistent=true\n"), download);
    }

    @Test
    void rhel9WithDnf4() {
        ModuleResult result = plan(UpgradesHosts.rhel9(), "upgrades:\n  blacklist: [kernel*, postgresql*]\n");
        Golden.assertMatches("upgrades_automatic.conf-dnf4", file(result, DnfUpgrades.CONFIG).content());
        Golden.assertMatches("upgrades_dnf-automatic.timer-harden-window.conf",
                file(result, "/etc/systemd/system/dnf-automatic.timer.d/harden-window.conf").content());
        assertEquals(List.of("package dnf-automatic", "file /etc/dnf/automatic.conf",
                "directory /etc/systemd/system/dnf-automatic.timer.d",
                "file /etc/systemd/system/dnf-automatic.timer.d/harden-window.conf", "unit dnf-automatic.timer"),
                labels(result));
        assertEquals(1, result.findings().size(), result.findings().toString());
        assertTrue(result.findings().get(0).message().startsWith("dnf 4.14.0 may lack dnf-automatic's reboot option"),
                result.findings().toString());
    }

    @Test
    void fedora41WithDnf5() {
        ModuleResult result = plan(UpgradesHosts.fedora41(), "");
        Golden.assertMatches("upgrades_automatic.conf-dnf5", file(result, DnfUpgrades.CONFIG).content());
        Golden.assertMatches("upgrades_dnf5-automatic.timer-harden-window.conf",
                file(result, "/etc/systemd/system/dnf5-automatic.timer.d/harden-window.conf").content());
        assertEquals(List.of("package dnf5-plugin-automatic", "file /etc/dnf/automatic.conf",
                "directory /etc/systemd/system/dnf5-automatic.timer.d",
                "file /etc/systemd/system/dnf5-automatic.timer.d/harden-window.conf", "unit dnf5-automatic.timer"),
                labels(result));
        assertEquals(List.of(), result.findings());
    }
}
