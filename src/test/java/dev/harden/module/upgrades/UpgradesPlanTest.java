package dev.harden.module.upgrades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.facts.Facts;
import dev.harden.module.Finding;
import dev.harden.module.ModuleResult;
import dev.harden.resource.FileResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the module plans beyond the stock hosts: image roots, other systems, drift. */
class UpgradesPlanTest {

    private final UpgradesModule module = new UpgradesModule();

    private ModuleResult plan(Facts facts, String vars) {
        return module.plan(UpgradesHosts.web1(facts, vars));
    }

    private static List<String> labels(ModuleResult result) {
        return result.resources().stream().map(Resource::id).map(ResourceId::label).toList();
    }

    private static String messages(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " " + f.message()).collect(Collectors.joining("\n"));
    }

    @Test
    void anImageRootWithoutThePackageGetsTheFilesAndAFindingForTheImageBuild() {
        Facts image = UpgradesHosts.host("debian", "12", "Debian GNU/Linux 12 (bookworm)", "apt-get", "image", Map.of());
        ModuleResult result = plan(image, "upgrades:\n  apt_listchanges: true\n");
        assertTrue(result.resources().stream().noneMatch(PackageResource.class::isInstance), labels(result).toString());
        assertTrue(labels(result).contains("file /etc/apt/apt.conf.d/52harden-unattended-upgrades"));
        assertTrue(labels(result).contains("unit apt-daily-upgrade.timer"), "enabled in the image, started at boot");
        assertEquals("""
                WARNING unattended-upgrades is not installed in this image root and harden cannot install packages\
                 into one: install unattended-upgrades in the image build; harden writes its configuration either way
                WARNING apt-listchanges is not installed in this image root and harden cannot install packages into\
                 one: install apt-listchanges in the image build; harden writes its configuration either way""",
                messages(result.findings()));

        Facts installed = UpgradesHosts.with(image, ResourceId.pkg("unattended-upgrades"), new State.Package("2.9.1"));
        ModuleResult ready = plan(installed, "");
        assertTrue(labels(ready).contains("package unattended-upgrades"), "present: kept as is");
        assertEquals(List.of(), ready.findings());
    }

    @Test
    void theShippedExampleImageHasNoPackageManagerAndGetsAnInfoOnly() {
        Facts toy = UpgradesHosts.host("debian", "12", "Debian GNU/Linux 12 (bookworm)", "unknown", "image", Map.of());
        ModuleResult result = plan(toy, "");
        assertEquals(List.of(), result.resources());
        assertEquals("INFO no apt-get or dnf in this image root, so automatic updates are not set up here; build the"
                + " image with apt (Debian, Ubuntu) or dnf (RHEL family) and plan again", messages(result.findings()));
    }

    @Test
    void otherSystemsGetAWarningAndNothingElse() {
        assertEquals("WARNING this host has yum without dnf (RHEL or CentOS 7): harden manages dnf-automatic only, so"
                + " automatic updates are not set up; install and enable yum-cron by hand, or set upgrades.enabled:"
                + " false for it", messages(plan(UpgradesHosts.host("centos", "7", "CentOS Linux 7", "yum", "systemd",
                Map.of()), "").findings()));
        assertEquals("WARNING harden sets up automatic updates with apt-get or dnf, and this host has zypper: set them"
                + " up by hand, or set upgrades.enabled: false for it", messages(plan(UpgradesHosts.host("sles", "15",
                "SUSE Linux Enterprise Server 15", "zypper", "systemd", Map.of()), "").findings()));
        assertEquals(List.of(), plan(UpgradesHosts.debian12(), "upgrades:\n  enabled: false\n").resources());
        assertEquals(List.of(), module.observes(UpgradesHosts.web1(UpgradesHosts.debian12(),
                "upgrades:\n  enabled: false\n").policy()), "disabled: nothing to read either");
    }

    @Test
    void anAptDistributionHardenDoesNotKnowNeedsOriginPatterns() {
        Facts raspbian = UpgradesHosts.host("raspbian", "12", "Raspbian GNU/Linux 12 (bookworm)", "apt-get", "systemd",
                Map.of());
        ModuleResult none = plan(raspbian, "");
        assertEquals(List.of(), none.resources());
        assertTrue(messages(none.findings()).startsWith("WARNING harden knows the security archives of Debian and"
                + " Ubuntu, not of Raspbian GNU/Linux 12 (bookworm), so automatic updates are not set up: give"
                + " upgrades.origins (built-in policies/baseline.yaml:"), messages(none.findings()));
        ModuleResult patterns = plan(raspbian, "upgrades:\n  origins: [security, \"o=Raspbian,n=${distro_codename}\"]\n");
        String dropIn = UpgradesHosts.text((FileResource) patterns.resources().get(1));
        assertTrue(dropIn.contains("Unattended-Upgrade::Origins-Pattern {\n        \"o=Raspbian,n=${distro_codename}\";\n};"),
                dropIn);
        assertTrue(messages(patterns.findings()).contains("only the origin patterns of upgrades.origins"
                + " (inventory/hosts.yaml:"), messages(patterns.findings()));
        Facts hostile = UpgradesHosts.host("evil", "1", "Evil\n\u001b[2Jlinux", "apt-get", "systemd", Map.of());
        assertTrue(messages(plan(hostile, "").findings()).contains("not of Evil\\u000a\\u001b[2Jlinux, so"),
                "the host's os-release stays on one line: " + messages(plan(hostile, "").findings()));
    }

    @Test
    void originPatternsDoNotApplyToDnfAndSaySo() {
        ModuleResult result = plan(UpgradesHosts.fedora41(), "upgrades:\n  origins: [updates, \"o=Debian\"]\n");
        assertTrue(messages(result.findings()).startsWith("WARNING the apt origin patterns in upgrades.origins"
                + " (inventory/hosts.yaml:"), messages(result.findings()));
        assertTrue(messages(result.findings()).endsWith("do not apply to dnf: dnf-automatic installs all updates from"
                + " the enabled repositories"), messages(result.findings()));
        String config = UpgradesHosts.text((FileResource) result.resources().get(1));
        assertTrue(config.contains("\nupgrade_type = default\n"), config);
    }

    @Test
    void aDnf4ThatCannotRebootIsAWarningOnceItsCodeIsKnown() {
        Facts rhel8 = UpgradesHosts.with(UpgradesHosts.rhel9(), Map.of("upgrades.dnf",
                "flavour dnf4\nrpm dnf 4.7.0\nautomatic-reboot no\n"));
        assertEquals("WARNING dnf-automatic of dnf 4.7.0 has no reboot option (dnf 4.15+), so this host is not"
                + " rebooted after updates that need it: reboot it in a maintenance window (dnf needs-restarting -r"
                + " tells), or update dnf", messages(plan(rhel8, "").findings()));
        assertEquals("", messages(plan(rhel8, "upgrades:\n  reboot:\n    when_required: false\n").findings()));
        Facts backported = UpgradesHosts.with(UpgradesHosts.rhel9(), Map.of("upgrades.dnf",
                UpgradesHosts.RHEL9_DNF + "automatic-reboot yes\n"));
        assertEquals("", messages(plan(backported, "").findings()));
    }

    @Test
    void aTimerSomeoneTurnedOffIsReportedBesideTheChange() {
        Facts masked = UpgradesHosts.with(UpgradesHosts.debian12(), ResourceId.unit("apt-daily-upgrade.timer"),
                new State.Unit("masked", "inactive"));
        masked = UpgradesHosts.with(masked, ResourceId.unit("apt-daily.timer"), new State.Unit("enabled", "inactive"));
        assertEquals("""
                WARNING apt-daily.timer is enabled but stopped on the host, so package lists are not refreshed and\
                 upgrades find nothing new until it starts (at boot, or when apply starts it)
                WARNING apt-daily-upgrade.timer is masked on the host, so automatic upgrades do not run; apply enables\
                 it again (or set upgrades.enabled: false)""", messages(plan(masked, "").findings()));
    }

    @Test
    void withoutSystemdTheTimersAreWrittenAndSaidToHaveNoEffect() {
        Facts container = UpgradesHosts.host("debian", "12", "Debian GNU/Linux 12 (bookworm)", "apt-get", "bash",
                Map.of());
        ModuleResult result = plan(container, "");
        assertEquals("INFO the host does not run systemd (PID 1 is bash), so the timers and their window have no"
                + " effect here", messages(result.findings()));
        assertTrue(result.resources().stream().anyMatch(r -> r.id().key().endsWith("apt-daily-upgrade.timer.d/"
                + "harden-window.conf")), "written anyway: harmless, and right once the host boots with systemd");
    }
}
