package dev.harden.module.apparmor;

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
import dev.harden.resource.FileResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Reload;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import dev.harden.resource.UnitResource;
import dev.harden.resource.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Process confinement (Layer 2): AppArmor installed and its service enabled; the profiles the
 * policy names validated ({@code apparmor_parser -Q -K}), installed and put in their mode one by
 * one, never in bulk; site-specific rules in /etc/apparmor.d/local/; and findings about what runs
 * unconfined and what complain mode has seen. Modes live in the links the AppArmor parser itself
 * reads (force-complain/, disable/), so a distribution's profile file is never edited, and the
 * activator loads exactly the profiles of the managed list. A profile flagged unconfined, prompt
 * or default_allow (Debian 13 ships dozens of such stubs) is never switched.
 */
public final class AppArmorModule implements Module {

    static final String DIR = "/etc/apparmor.d";
    static final String PACKAGE = "apparmor";
    static final String UNIT = "apparmor.service";
    /** The executables harden's own access runs through: a profile confining them can cut it off. */
    private static final List<String> ACCESS_PATHS = List.of("/usr/sbin/sshd", "/usr/lib/openssh/sshd-session",
            "/usr/lib/openssh/sshd-auth", "/usr/bin/sudo");
    static final String MODULE = "apparmor";
    /** What makes a changed profile, snippet, link or list take effect: activate_apparmor. */
    static final Reload ACTIVATE = Reload.activator(MODULE);
    /** check_apparmor: apparmor_parser -Q -K on the staged file with the rest as it will be. */
    static final Validator VALIDATOR = Validator.of("@apparmor", "{}");
    private static final String CODE = OnHostCode.load(AppArmorModule.class, "apparmor.sh");

    @Override
    public String name() {
        return MODULE;
    }

    @Override
    public List<Setting> settings() {
        return AppArmorPolicy.settings();
    }

    @Override
    public List<FactProbe<?>> facts() {
        return List.of(AppArmorFacts.PROBE);
    }

    @Override
    public List<FactProbe<?>> facts(HostPolicy policy) {
        return AppArmorPolicy.of(policy).enabled() ? facts() : List.of();
    }

    @Override
    public String onHostCode() {
        return CODE;
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        List<ResourceId> observed = new ArrayList<>(List.of(ResourceId.pkg(PACKAGE), ResourceId.unit(UNIT),
                ResourceId.file(ManagedList.PATH)));
        AppArmorPolicy apparmor = AppArmorPolicy.of(policy);
        for (String name : apparmor.names()) {
            observed.add(ResourceId.file(profilePath(name)));
            observed.add(ResourceId.link(linkPath("disable", name)));
            observed.add(ResourceId.link(linkPath("force-complain", name)));
        }
        apparmor.local().keySet().forEach(name -> observed.add(ResourceId.file(localPath(name))));
        return observed;
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        AppArmorPolicy policy = AppArmorPolicy.of(input.policy());
        if (!policy.enabled()) {
            return ModuleResult.nothing(List.of());
        }
        Facts facts = input.facts();
        AppArmorFacts apparmor = facts.get(AppArmorFacts.PROBE);
        List<Finding> findings = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        boolean installed = facts.state(ResourceId.pkg(PACKAGE)) instanceof State.Package;
        if (!installed) {
            if (facts.isImageRoot()) {
                findings.add(Finding.warning(name(), "apparmor is not installed in this image, so nothing will be"
                        + " confined when it boots (packages are not installed into an image root): install apparmor"
                        + " in the image build, then plan again"));
                return ModuleResult.nothing(findings);
            }
            if (!"apt-get".equals(facts.packageManager())) {
                findings.add(Finding.warning(name(), "apparmor is not installed, and harden installs it with apt"
                        + " (Debian, Ubuntu); this host has " + facts.packageManager() + " (SELinux hosts are not"
                        + " managed yet)"));
                return ModuleResult.nothing(findings);
            }
            resources.add(PackageResource.installed(name(), PACKAGE));
        }
        if (!facts.isImageRoot() && "systemd".equals(facts.initSystem())) {
            // enabled: the profiles load at boot (the unit does nothing on a kernel without AppArmor)
            resources.add(new UnitResource(name(), UNIT, "enabled", null, false));
        }
        findings.addAll(kernelFindings(facts, apparmor, policy));
        ProfilePlan profiles = new ProfilePlan(input, apparmor, installed, findings);
        for (ProfileSpec spec : policy.profiles()) {
            profiles.add(spec);
        }
        policy.local().forEach(profiles::addLocal);
        resources.addAll(profiles.resources());
        FileResource list = listFile(facts, profiles.managed(), findings);
        if (list != null) {
            resources.add(list);
        }
        if (!facts.isImageRoot()) {
            ConfinementAudit audit = new ConfinementAudit(apparmor);
            if (apparmor.kernel() == AppArmorFacts.Kernel.YES) {
                if (policy.reportUnconfined()) {
                    findings.addAll(audit.unconfinedProcesses());
                }
                findings.addAll(audit.complainEvidence());
            }
            if (policy.reportUnconfined() && installed) {
                findings.addAll(audit.unprofiledListeners(facts.network()));
            }
        }
        return ModuleResult.of(resources, findings, profiles.notes());
    }

    /**
     * With the module's resources in place: every managed profile is loaded in the kernel in its
     * declared mode (where the kernel has AppArmor).
     */
    @Override
    public List<Finding> verify(ModuleInput input) {
        AppArmorPolicy policy = AppArmorPolicy.of(input.policy());
        if (!policy.enabled()) {
            return List.of();
        }
        AppArmorFacts apparmor = input.facts().get(AppArmorFacts.PROBE);
        if (apparmor.kernel() != AppArmorFacts.Kernel.YES || apparmor.loaded().source().isEmpty()) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (ProfileSpec spec : policy.profiles()) {
            List<ProfileHeader> headers = apparmor.headersOf(spec.name());
            if (headers.stream().anyMatch(h -> h.neverSwitched() || !h.nested() && h.flags().contains("complain"))) {
                continue; // not switched, or held in complain by its own file: the plan says so already
            }
            for (String profile : apparmor.profileNames(spec.name())) {
                String loaded = apparmor.loaded().modes().get(profile);
                String want = spec.mode().word();
                if (spec.mode() == Mode.DISABLE ? loaded != null : !want.equals(loaded)) {
                    findings.add(Finding.warning(name(), "profile " + profile + " (" + profilePath(spec.name())
                            + ") is " + (loaded == null ? "not loaded" : "loaded in " + loaded + " mode") + " but the"
                            + " policy says " + want + " (" + apparmor.loaded().source() + "); apply again, or run"
                            + " apparmor_parser -r" + (spec.mode() == Mode.COMPLAIN ? " -C " : " ")
                            + profilePath(spec.name()) + " on the host"));
                }
            }
        }
        return findings;
    }

    /** The profiles the policy puts in a mode, and whether the kernel enforces them. */
    @Override
    public List<RunbookSection> runbook(ModuleInput input) {
        AppArmorPolicy policy = AppArmorPolicy.of(input.policy());
        String title = "AppArmor profiles";
        if (!policy.enabled()) {
            return List.of(new RunbookSection(title, List.of("AppArmor is not managed by harden here"
                    + " (apparmor.enabled: false)")));
        }
        List<String> lines = new ArrayList<>();
        lines.add(switch (input.facts().get(AppArmorFacts.PROBE).kernel()) {
            case YES -> "the kernel enforces AppArmor; aa-status shows every loaded profile and its mode";
            case NO -> "this kernel has no AppArmor: profiles are installed, NOT enforced";
            case UNREACHABLE -> "the kernel has AppArmor but this host cannot load profiles (a container?)";
            case IMAGE -> "an image: profiles load when it boots";
        });
        for (ProfileSpec spec : policy.profiles()) {
            lines.add("profile " + spec.name() + ": " + spec.mode().word() + " (" + profilePath(spec.name())
                    + (spec.template().isPresent() ? ", from the repository" : "") + ")");
        }
        policy.local().keySet().forEach(name -> lines.add("site rules for " + name + " in " + localPath(name)));
        lines.add(policy.profiles().isEmpty() ? "no profile is named in apparmor.profiles: each keeps the mode its"
                + " package gave it" : "other profiles keep the mode their package gave them");
        lines.add("a profile in the way during an incident: put it in complain mode for a while with harden except"
                + " (apparmor.profiles), not with aa-disable by hand");
        return List.of(new RunbookSection(title, lines));
    }

    /** The warning every plan of a host whose profiles cannot be enforced carries. */
    private static List<Finding> kernelFindings(Facts facts, AppArmorFacts apparmor, AppArmorPolicy policy) {
        String managed = policy.profiles().isEmpty() ? "" : " (" + policy.profiles().size()
                + " named in apparmor.profiles)";
        return switch (apparmor.kernel()) {
            case NO -> List.of(Finding.warning(MODULE, "kernel has no AppArmor: profiles installed, not enforced"
                    + managed + "; boot a kernel with AppArmor enabled (CONFIG_SECURITY_APPARMOR, apparmor=1"
                    + " security=apparmor) to confine services"));
            case UNREACHABLE -> List.of(Finding.warning(MODULE, "kernel has AppArmor but this host cannot load"
                    + " profiles (no /sys/kernel/security/apparmor here: a container?): profiles installed, not"
                    + " enforced" + managed));
            case YES, IMAGE -> List.of();
        };
    }

    /** The managed list: written while the policy manages a profile, removed when it manages none. */
    private static FileResource listFile(Facts facts, Map<String, ManagedList.Entry> managed, List<Finding> findings) {
        State current = facts.file(ManagedList.PATH);
        if (current instanceof State.File file) {
            Map<String, ManagedList.Entry> before = ManagedList.parse(file.content());
            before.keySet().stream().filter(n -> !managed.containsKey(n)).forEach(n -> findings.add(Finding.info(
                    MODULE, n + " is no longer named in the policy: harden stops managing it and leaves its file"
                            + " and mode (" + before.get(n).mode().word() + ") as they are; remove them on the host,"
                            + " or roll back to before harden added it")));
        }
        if (managed.isEmpty()) {
            return current instanceof State.File ? FileResource.absent(MODULE, ManagedList.PATH, List.of(ACTIVATE),
                    false) : null;
        }
        return new FileResource(MODULE, ManagedList.PATH, ManagedList.render(managed), 0644, "root", "root",
                Optional.empty(), List.of(ACTIVATE), false, false);
    }

    static String profilePath(String name) {
        return DIR + "/" + name;
    }

    static String localPath(String name) {
        return DIR + "/local/" + name;
    }

    static String linkPath(String dir, String name) {
        return DIR + "/" + dir + "/" + name;
    }

    /** True when a profile confines what harden's own access runs through (sshd, sudo). */
    static boolean confinesAccess(String name, List<ProfileHeader> headers) {
        if (name.contains("sshd") || name.equals("sudo") || name.endsWith(".sudo")) {
            return true;
        }
        return headers.stream().anyMatch(h -> h.name().contains("sshd") || h.attachment().flatMap(AttachmentGlob::compile)
                .filter(p -> ACCESS_PATHS.stream().anyMatch(a -> p.matcher(a).matches())).isPresent());
    }
}
