package dev.harden.module.upgrades;

import dev.harden.facts.FactProbe;
import dev.harden.facts.Facts;
import dev.harden.module.Finding;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.module.RunbookSection;
import dev.harden.module.OnHostCode;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.DirectoryResource;
import dev.harden.resource.FileResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import dev.harden.resource.UnitResource;
import dev.harden.resource.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Automatic security updates with a reboot window (Layer 1): unattended-upgrades on Debian and
 * Ubuntu, dnf-automatic on the RHEL family. Harden owns one configuration file (an apt.conf.d
 * drop-in, or /etc/dnf/automatic.conf) and a drop-in per timer that moves the vendor's schedule
 * into the policy's window; it never edits the vendor's own files. Nothing here can cut off
 * access, so no commit-confirmed protection is needed.
 */
public final class UpgradesModule implements Module {

    static final String TIMER_DROP_IN = "harden-window.conf";
    /** The timers the module schedules, on either family. */
    static final List<String> TIMERS = List.of(AptUpgrades.DOWNLOAD_TIMER, AptUpgrades.UPGRADE_TIMER,
            DnfUpgrades.DNF4_TIMER, DnfUpgrades.DNF5_TIMER);
    private static final List<String> WINDOW_ONLY = List.of("Persistent=false: a run missed while the host was down"
            + " is not caught up at boot,", "so upgrades and reboots happen in the window only.");
    private static final String CODE = OnHostCode.load(UpgradesModule.class, "upgrades.sh");

    @Override
    public String name() {
        return "upgrades";
    }

    @Override
    public List<Setting> settings() {
        return UpgradesPolicy.settings();
    }

    @Override
    public List<FactProbe<?>> facts() {
        return List.of(AptFacts.PROBE, TimerFacts.PROBE, DnfFacts.PROBE, DryRun.PROBE);
    }

    @Override
    public List<FactProbe<?>> facts(HostPolicy policy) {
        return policy.bool(UpgradesPolicy.ENABLED) ? facts() : List.of();
    }

    @Override
    public String onHostCode() {
        return CODE;
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        if (!policy.bool(UpgradesPolicy.ENABLED)) {
            return List.of();
        }
        List<ResourceId> ids = new ArrayList<>();
        for (String pkg : List.of(AptUpgrades.PACKAGE, AptUpgrades.LISTCHANGES, DnfUpgrades.DNF4_PACKAGE,
                DnfUpgrades.DNF5_PACKAGE)) {
            ids.add(ResourceId.pkg(pkg));
        }
        ids.add(ResourceId.file(AptUpgrades.DROP_IN));
        ids.add(ResourceId.file(DnfUpgrades.CONFIG));
        for (String timer : TIMERS) {
            ids.add(ResourceId.directory(dropInDirectory(timer)));
            ids.add(ResourceId.file(dropIn(timer)));
            ids.add(ResourceId.unit(timer));
        }
        return ids;
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        UpgradesPolicy policy = UpgradesPolicy.of(input.policy());
        if (!policy.enabled()) {
            return ModuleResult.nothing(List.of());
        }
        Schedule schedule = Schedule.of(input.hostName(), policy);
        Facts facts = input.facts();
        return switch (facts.packageManager()) {
            case "apt-get" -> apt(input, policy, schedule);
            case "dnf" -> dnf(input, policy, schedule);
            case "yum" -> ModuleResult.nothing(List.of(Finding.warning(name(), "this host has yum without dnf (RHEL or"
                    + " CentOS 7): harden manages dnf-automatic only, so automatic updates are not set up; install"
                    + " and enable yum-cron by hand, or set " + UpgradesPolicy.ENABLED + ": false for it")));
            default -> ModuleResult.nothing(List.of(facts.isImageRoot()
                    ? Finding.info(name(), "no apt-get or dnf in this image root, so automatic updates are not set"
                    + " up here; build the image with apt (Debian, Ubuntu) or dnf (RHEL family) and plan again")
                    : Finding.warning(name(), "harden sets up automatic updates with apt-get or dnf, and this host"
                    + " has " + (facts.packageManager().equals("unknown") ? "neither" : facts.packageManager())
                    + ": set them up by hand, or set " + UpgradesPolicy.ENABLED + ": false for it")));
        };
    }

    /** Automatic updates and the reboot window, in the host's local time. */
    @Override
    public List<RunbookSection> runbook(ModuleInput input) {
        UpgradesPolicy policy = UpgradesPolicy.of(input.policy());
        String title = "Automatic updates and reboots";
        if (!policy.enabled()) {
            return List.of(new RunbookSection(title, List.of("automatic updates are not managed by harden here"
                    + " (upgrades.enabled: false): update this host by hand")));
        }
        String tool = switch (input.facts().packageManager()) {
            case "apt-get" -> "unattended-upgrades";
            case "dnf" -> "dnf-automatic";
            default -> "";
        };
        if (tool.isEmpty()) {
            return List.of(new RunbookSection(title, List.of("harden sets up automatic updates with apt-get or dnf,"
                    + " and this host has neither: update it by hand")));
        }
        Schedule schedule = Schedule.of(input.hostName(), policy);
        List<String> lines = new ArrayList<>();
        lines.add(tool + " installs updates from: " + policy.origins().describe());
        lines.add(schedule.summary() + " (the host's local time)");
        if (schedule.reboot().isPresent()) {
            lines.add("a reboot happens only when an update needs one" + (policy.rebootWithUsers() ? ""
                    : ", and never while someone is logged in") + "; /run/reboot-required says one is due");
        }
        if (!policy.blacklist().isEmpty()) {
            lines.add("never updated automatically: " + String.join(", ", policy.blacklist()));
        }
        lines.add("to keep a host from rebooting in the next window: harden except --set"
                + " upgrades.reboot.when_required=false");
        return List.of(new RunbookSection(title, lines));
    }

    @Override
    public List<Finding> verify(ModuleInput input) {
        UpgradesPolicy policy = UpgradesPolicy.of(input.policy());
        Facts facts = input.facts();
        if (!policy.enabled() || facts.isImageRoot()) {
            return List.of();
        }
        Schedule schedule = Schedule.of(input.hostName(), policy);
        UpgradesCheck check = new UpgradesCheck(name(), policy, schedule, facts);
        return switch (facts.packageManager()) {
            case "apt-get" -> check.apt();
            case "dnf" -> check.dnf(facts.get(DnfFacts.PROBE).flavour().equals("dnf5"));
            default -> List.of();
        };
    }

    private ModuleResult apt(ModuleInput input, UpgradesPolicy policy, Schedule schedule) {
        Facts facts = input.facts();
        List<Finding> findings = new ArrayList<>();
        String osId = facts.osId();
        if (!AptUpgrades.knows(osId)) {
            String os = HostText.shown(facts.osName().isBlank() ? osId : facts.osName(), 80);
            if (policy.origins().patterns().isEmpty()) {
                findings.add(Finding.warning(name(), "harden knows the security archives of Debian and Ubuntu, not of "
                        + os + ", so automatic updates are not set up: give " + policy.where(UpgradesPolicy.ORIGINS)
                        + " as apt origin patterns (apt-cache policy shows the origins)"));
                return ModuleResult.nothing(findings);
            }
            if (policy.origins().security() || policy.origins().updates()) {
                findings.add(Finding.warning(name(), "harden knows the security archives of Debian and Ubuntu, not of "
                        + os + ": only the origin patterns of " + policy.where(UpgradesPolicy.ORIGINS) + " apply"));
            }
        }
        List<Resource> resources = new ArrayList<>();
        pkg(facts, AptUpgrades.PACKAGE, findings).ifPresent(resources::add);
        if (policy.aptListchanges()) {
            pkg(facts, AptUpgrades.LISTCHANGES, findings).ifPresent(resources::add);
        }
        String dropIn = input.templates().render("apt_unattended_upgrades.ftl",
                model(input, AptUpgrades.model(osId, policy, schedule)));
        resources.add(new FileResource(name(), AptUpgrades.DROP_IN, dropIn.getBytes(StandardCharsets.UTF_8), 0644,
                "root", "root", Optional.of(Validator.of("@apt_conf", "{}")), List.of(), false, false));
        resources.addAll(timer(input, AptUpgrades.DOWNLOAD_TIMER, List.of("package lists and downloads, every day"
                + " before the upgrade window."), schedule.downloadCalendar(), Schedule.DOWNLOAD_DELAY, true));
        resources.addAll(timer(input, AptUpgrades.UPGRADE_TIMER, lines("unattended upgrades start in the window,"
                + " each host after a random delay."), schedule.upgradeCalendar(), schedule.upgradeDelay(), false));
        timerDrift(facts, AptUpgrades.DOWNLOAD_TIMER, findings);
        timerDrift(facts, AptUpgrades.UPGRADE_TIMER, findings);
        notManagedWithoutSystemd(facts, findings);
        return ModuleResult.of(resources, findings, List.of("~ unattended-upgrades: origins "
                + policy.origins().describe() + "; " + schedule.summary() + "; lists and downloads daily from "
                + Schedule.clock(schedule.downloadStart())));
    }

    private ModuleResult dnf(ModuleInput input, UpgradesPolicy policy, Schedule schedule) {
        Facts facts = input.facts();
        DnfFacts dnf = facts.get(DnfFacts.PROBE);
        boolean dnf5 = dnf.flavour().equals("dnf5");
        List<Finding> findings = new ArrayList<>();
        if (!policy.origins().patterns().isEmpty()) {
            findings.add(Finding.warning(name(), "the apt origin patterns in " + policy.where(UpgradesPolicy.ORIGINS)
                    + " do not apply to dnf: dnf-automatic installs " + (policy.origins().updates() ? "all updates"
                    : "security updates") + " from the enabled repositories"));
        }
        if (!dnf5 && schedule.reboot().isPresent()) {
            Optional<Boolean> canReboot = dnf.dnf4CanReboot();
            String version = dnf.dnf4Version().isEmpty() ? "" : " " + dnf.dnf4Version();
            if (canReboot.isPresent() && !canReboot.get() && dnf.automaticReboot().isPresent()) {
                findings.add(Finding.warning(name(), "dnf-automatic of dnf" + version + " has no reboot option"
                        + " (dnf 4.15+), so this host is not rebooted after updates that need it: reboot it in a"
                        + " maintenance window (dnf needs-restarting -r tells), or update dnf"));
            } else if (canReboot.isPresent() && !canReboot.get()) {
                findings.add(Finding.info(name(), "dnf" + version + " may lack dnf-automatic's reboot option (it"
                        + " came with dnf 4.15; distributions backport it): the next plan tells, once dnf-automatic"
                        + " is installed"));
            }
        }
        List<Resource> resources = new ArrayList<>();
        pkg(facts, DnfUpgrades.packageName(dnf5), findings).ifPresent(resources::add);
        String config = input.templates().render("dnf_automatic.ftl",
                model(input, DnfUpgrades.model(dnf5, policy, schedule)));
        resources.add(new FileResource(name(), DnfUpgrades.CONFIG, config.getBytes(StandardCharsets.UTF_8), 0644,
                "root", "root", Optional.empty(), List.of(), false, false));
        String timer = DnfUpgrades.timer(dnf5);
        resources.addAll(timer(input, timer, lines("dnf-automatic installs updates in the window, each"
                + " host after a random delay."), schedule.upgradeCalendar(), schedule.upgradeDelay(),
                false));
        timerDrift(facts, timer, findings);
        notManagedWithoutSystemd(facts, findings);
        return ModuleResult.of(resources, findings, List.of("~ " + (dnf5 ? "dnf5 automatic" : "dnf-automatic")
                + ": " + (policy.origins().updates() ? "all updates" : "security updates") + "; "
                + schedule.summary()));
    }

    /** The timer's drop-in directory and drop-in, and the timer enabled and running. */
    private List<Resource> timer(ModuleInput input, String unit, List<String> what, String calendar, int delay,
                                 boolean persistent) {
        Map<String, Object> timer = Map.of("unit", unit, "what", what, "calendar", calendar,
                "delay", delay + "min", "persistent", persistent);
        String text = input.templates().render("upgrades_timer.ftl", timerModel(input, timer));
        // no reload: the daemon-reload the core runs after a unit file changed re-arms the timer (a
        // restart would also fire a Persistent=true timer that missed a run, at apply time)
        return List.of(DirectoryResource.of(name(), dropInDirectory(unit), 0755),
                new FileResource(name(), dropIn(unit), text.getBytes(StandardCharsets.UTF_8), 0644, "root", "root",
                        Optional.of(Validator.of("@timer_calendar", "{}")), List.of(), false, false),
                UnitResource.running(name(), unit, false));
    }

    private static List<String> lines(String first) {
        List<String> lines = new ArrayList<>(List.of(first));
        lines.addAll(WINDOW_ONLY);
        return lines;
    }

    private static Map<String, Object> model(ModuleInput input, Map<String, Object> upgrades) {
        return Map.of("policy", input.policy().nested(), "host", Map.of("name", input.hostName()),
                "upgrades", upgrades);
    }

    private static Map<String, Object> timerModel(ModuleInput input, Map<String, Object> timer) {
        return Map.of("policy", input.policy().nested(), "host", Map.of("name", input.hostName()), "timer", timer);
    }

    /**
     * The package, or (in an image root, where harden cannot install packages) a finding that the
     * image build should install it; the files are written either way.
     */
    private Optional<PackageResource> pkg(Facts facts, String name, List<Finding> findings) {
        if (facts.isImageRoot() && !(facts.state(ResourceId.pkg(name)) instanceof State.Package)) {
            findings.add(Finding.warning(name(), name + " is not installed in this image root and harden cannot"
                    + " install packages into one: install " + name + " in the image build; harden writes its"
                    + " configuration either way"));
            return Optional.empty();
        }
        return Optional.of(PackageResource.installed(name(), name));
    }

    /** A timer someone disabled, masked or stopped: automatic upgrades do not run until apply fixes it. */
    private void timerDrift(Facts facts, String unit, List<Finding> findings) {
        if (!(facts.state(ResourceId.unit(unit)) instanceof State.Unit state)) {
            return;
        }
        String effect = unit.equals(AptUpgrades.DOWNLOAD_TIMER) ? "package lists are not refreshed and upgrades"
                + " find nothing new" : "automatic upgrades do not run";
        if (state.enablement().equals("disabled") || state.enablement().equals("masked")) {
            findings.add(Finding.warning(name(), unit + " is " + state.enablement() + " on the host, so " + effect
                    + "; apply enables it again (or set " + UpgradesPolicy.ENABLED + ": false)"));
        } else if (state.enablement().equals("enabled") && state.activity().equals("inactive")) {
            findings.add(Finding.warning(name(), unit + " is enabled but stopped on the host, so " + effect
                    + " until it starts (at boot, or when apply starts it)"));
        }
    }

    private void notManagedWithoutSystemd(Facts facts, List<Finding> findings) {
        if (!facts.isImageRoot() && !"systemd".equals(facts.initSystem())) {
            findings.add(Finding.info(name(), "the host does not run systemd (PID 1 is " + facts.initSystem()
                    + "), so the timers and their window have no effect here"));
        }
    }

    static String dropInDirectory(String unit) {
        return "/etc/systemd/system/" + unit + ".d";
    }

    static String dropIn(String unit) {
        return dropInDirectory(unit) + "/" + TIMER_DROP_IN;
    }
}
