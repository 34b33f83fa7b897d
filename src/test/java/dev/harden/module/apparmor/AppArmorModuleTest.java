package dev.harden.module.apparmor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Facts;
import dev.harden.facts.Listener;
import dev.harden.facts.NetworkFacts;
import dev.harden.facts.TestFacts;
import dev.harden.module.Finding;
import dev.harden.module.FleetView;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.plan.Planner;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.resource.LinkResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Reload;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import dev.harden.resource.UnitResource;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the module wants on a host, from policy and facts: resources, notes, findings, verification. */
class AppArmorModuleTest {

    static final String MYAPP = """
            # myapp for ${host.name}
            include <tunables/global>

            /usr/local/bin/myapp {
              include <abstractions/base>
              /srv/myapp/** r,
              include if exists <local/usr.local.bin.myapp>
            }
            """;
    private final AppArmorModule module = new AppArmorModule();

    /** A plan of host web1 with these apparmor.* vars (YAML under "apparmor:"), facts and resource states. */
    private Planned plan(String apparmorVars, AppArmorFacts apparmor, Map<ResourceId, State> states) {
        return plan(apparmorVars, Samples.host(apparmor, states));
    }

    private Planned plan(String apparmorVars, Facts base) {
        StringBuilder inventory = new StringBuilder("hosts:\n  web1:\n    address: 10.0.0.1\n    user: ops\n");
        if (!apparmorVars.isEmpty()) {
            inventory.append("    vars:\n      apparmor:\n");
            apparmorVars.lines().forEach(l -> inventory.append("        ").append(l).append('\n'));
        }
        DesiredState state = TestRepos.load(Map.of("inventory/hosts.yaml", inventory.toString(),
                "templates/apparmor/usr.local.bin.myapp", MYAPP,
                "templates/apparmor/usr.sbin.sshd", "profile sshd /usr/sbin/sshd flags=(complain) {\n"
                        + "  include if exists <local/usr.sbin.sshd>\n}\n"));
        var policy = state.policyFor(state.inventory().hosts().get("web1"));
        Map<ResourceId, State> states = new HashMap<>();
        module.observes(policy).forEach(id -> states.put(id, new State.Absent()));
        states.putAll(base.states());
        Facts facts = base.with(base.moduleFacts(), states);
        ModuleInput input = new ModuleInput("web1", facts, policy, state.templates(),
                FleetView.single(state.inventory(), "web1", facts));
        return new Planned(input, module.plan(input));
    }

    private record Planned(ModuleInput input, ModuleResult result) {
        List<Change> changes() {
            return result.resources().stream().map(r -> Planner.compare("web1", input.facts(), r, "desired"))
                    .flatMap(Optional::stream).toList();
        }

        List<String> summaries() {
            return changes().stream().map(Change::summary).toList();
        }

        List<String> messages() {
            return result.findings().stream().map(f -> f.severity().name().toLowerCase() + " " + f.message()).toList();
        }

        <T extends Resource> T resource(Class<T> type, String key) {
            return result.resources().stream().filter(type::isInstance).map(type::cast)
                    .filter(r -> r.id().key().equals(key)).findFirst().orElseThrow(() -> new AssertionError(key
                            + " not in " + result.resources()));
        }

        String list() {
            return new String(resource(FileResource.class, ManagedList.PATH).content(), StandardCharsets.UTF_8);
        }

        boolean has(String start) {
            return messages().stream().anyMatch(m -> m.startsWith(start));
        }
    }

    private static AppArmorFacts noKernel() {
        return new Samples.Probe().kernel("no").facts();
    }

    @Test
    void baselineOnAStockHostInstallsAppArmorAndNamesNoProfile() {
        Facts stock = TestFacts.withStates(Samples.host(noKernel(), Map.of()), Map.of(ResourceId.pkg("apparmor"),
                new State.Absent(), ResourceId.unit("apparmor.service"), new State.Unit("not-found", "inactive")));
        Planned planned = plan("", stock);
        assertEquals(List.of("install package apparmor", "unit apparmor.service: not-found -> enabled"),
                planned.summaries());
        assertEquals("apparmor", planned.resource(PackageResource.class, "apparmor").name());
        assertEquals(List.of("warning kernel has no AppArmor: profiles installed, not enforced; boot a kernel with"
                + " AppArmor enabled (CONFIG_SECURITY_APPARMOR, apparmor=1 security=apparmor) to confine services"),
                planned.messages());
        assertEquals(List.of(), planned.result().changes(), "no mode changes: every profile keeps its package's mode");
    }

    @Test
    void aRepositoryProfileInComplainModeIsValidatedInstalledAndListed() {
        Planned planned = plan("profiles:\n  - { file: apparmor/usr.local.bin.myapp, mode: complain }\n"
                + "local:\n  usr.local.bin.myapp: \"  /srv/www/** r,\\n\"\n", noKernel(), Map.of());
        assertEquals(List.of("create /etc/apparmor.d/usr.local.bin.myapp (0644 root:root)",
                "link /etc/apparmor.d/force-complain/usr.local.bin.myapp -> ../usr.local.bin.myapp",
                "create /etc/apparmor.d/local/usr.local.bin.myapp (0644 root:root)",
                "create /etc/apparmor.d/.harden-profiles (0644 root:root)"), planned.summaries());
        FileResource profile = planned.resource(FileResource.class, "/etc/apparmor.d/usr.local.bin.myapp");
        assertTrue(new String(profile.content(), StandardCharsets.UTF_8).startsWith("# myapp for web1\n"),
                "rendered as a template");
        assertEquals(List.of("@apparmor", "/etc/apparmor.d/.usr.local.bin.myapp.harden-new"),
                profile.validator().orElseThrow().forPath("/etc/apparmor.d/.usr.local.bin.myapp.harden-new"));
        assertEquals(List.of(Reload.activator("apparmor")), profile.reloads());
        assertFalse(profile.canCutAccess());
        FileResource local = planned.resource(FileResource.class, "/etc/apparmor.d/local/usr.local.bin.myapp");
        assertEquals("  /srv/www/** r,\n", new String(local.content(), StandardCharsets.UTF_8));
        assertEquals("@apparmor", local.validator().orElseThrow().argv().get(0));
        assertTrue(planned.list().endsWith("\nusr.local.bin.myapp complain repository\n"), planned.list());
        assertEquals(List.of("+ usr.local.bin.myapp: complain (templates/apparmor/usr.local.bin.myapp)"),
                planned.result().changes());
        assertTrue(planned.has("warning kernel has no AppArmor: profiles installed, not enforced (1 named in"
                + " apparmor.profiles)"), planned.messages().toString());
    }

    @Test
    void promotingAHostProfileToEnforceRemovesItsComplainLinkAndShowsTheEvidence() {
        AppArmorFacts apparmor = new Samples.Probe().kernel("yes")
                .status(0, Samples.text("aa-status-4.1-debian13.json"))
                .files(Map.of("usr.sbin.nginx", Samples.NGINX_PROFILE))
                .line("complain usr.sbin.nginx 1700000000")
                .events("1700000100 7 nginx\n1700000200 8 nginx//null-/usr/bin/id\n1699999000 3 nginx\n").facts();
        Planned planned = plan("profiles:\n  - { name: usr.sbin.nginx, mode: enforce }\n", apparmor, Map.of(
                ResourceId.file("/etc/apparmor.d/usr.sbin.nginx"), Samples.file(Samples.NGINX_PROFILE),
                ResourceId.link("/etc/apparmor.d/force-complain/usr.sbin.nginx"), new State.Link("../usr.sbin.nginx")));
        assertEquals(List.of("remove link /etc/apparmor.d/force-complain/usr.sbin.nginx (to ../usr.sbin.nginx)",
                "create /etc/apparmor.d/.harden-profiles (0644 root:root)"), planned.summaries());
        assertEquals(List.of("~ usr.sbin.nginx: complain -> enforce"), planned.result().changes());
        assertTrue(planned.list().endsWith("\nusr.sbin.nginx enforce host\n"));
        assertTrue(planned.has("warning usr.sbin.nginx is in complain mode since 2023-11-14 22:13 UTC and 2 access(es)"
                + " it would deny were logged since"), planned.messages().toString());
        assertTrue(planned.result().resources().stream().noneMatch(r -> r.id().key().equals(
                "/etc/apparmor.d/usr.sbin.nginx")), "a host profile's file is never written");
    }

    @Test
    void stubsFlaggedUnconfinedAreNeverSwitched() {
        AppArmorFacts apparmor = new Samples.Probe().kernel("no").files(Map.of("firefox", Samples.FIREFOX_STUB)).facts();
        Planned planned = plan("profiles:\n  - { name: firefox, mode: enforce }\n  - { name: usr.sbin.nginx, mode:"
                + " complain }\n", apparmor, Map.of(ResourceId.file("/etc/apparmor.d/firefox"),
                Samples.file(Samples.FIREFOX_STUB), ResourceId.file("/etc/apparmor.d/usr.sbin.nginx"),
                Samples.file(Samples.NGINX_PROFILE)));
        assertTrue(planned.has("warning firefox is flagged unconfined in its file: harden never switches such a profile"
                + " (enforcing a stub that allows everything makes it deny everything), so mode: enforce is not"
                + " applied"), planned.messages().toString());
        assertTrue(planned.result().resources().stream().noneMatch(r -> r.id().key().contains("firefox")),
                "no file, no link for the stub: " + planned.result().resources());
        assertFalse(planned.list().contains("firefox"), planned.list());
        assertEquals(List.of("link /etc/apparmor.d/force-complain/usr.sbin.nginx -> ../usr.sbin.nginx",
                "create /etc/apparmor.d/.harden-profiles (0644 root:root)"), planned.summaries());
    }

    @Test
    void disableLinksTheProfileAndAnExistingLinkIsKeptAsItIs() {
        Planned planned = plan("profiles:\n  - { name: usr.sbin.nginx, mode: disable }\n", noKernel(), Map.of(
                ResourceId.file("/etc/apparmor.d/usr.sbin.nginx"), Samples.file(Samples.NGINX_PROFILE),
                ResourceId.link("/etc/apparmor.d/disable/usr.sbin.nginx"),
                new State.Link("/etc/apparmor.d/usr.sbin.nginx")));
        assertEquals(List.of("create /etc/apparmor.d/.harden-profiles (0644 root:root)"), planned.summaries(),
                "the package's absolute link serves as well as ../NAME");
        assertEquals(List.of(), planned.result().changes());
    }

    @Test
    void aMissingHostProfileOrLocalTargetIsAFindingNotAnError() {
        Planned planned = plan("profiles:\n  - { name: usr.sbin.nginx, mode: enforce }\nlocal:\n  usr.sbin.dovecot:"
                + " \"  /srv/mail/** rw,\\n\"\n", noKernel(), Map.of());
        assertTrue(planned.has("warning profile usr.sbin.nginx is not on the host (/etc/apparmor.d/usr.sbin.nginx):"
                + " install the package that ships it"), planned.messages().toString());
        assertTrue(planned.has("warning apparmor.local has rules for usr.sbin.dovecot but there is no profile"
                + " /etc/apparmor.d/usr.sbin.dovecot: not written"), planned.messages().toString());
        assertEquals(List.of(), planned.summaries(), "nothing to manage: no list either");
    }

    @Test
    void aLocalSnippetNeedsItsProfileToIncludeIt() {
        String noInclude = "profile nginx /usr/sbin/nginx {\n  /usr/sbin/nginx mr,\n}\n";
        Planned planned = plan("local:\n  usr.sbin.nginx: \"  /srv/www/** r,\\n\"\n", noKernel(), Map.of(
                ResourceId.file("/etc/apparmor.d/usr.sbin.nginx"), Samples.file(noInclude)));
        assertTrue(planned.has("warning profile usr.sbin.nginx does not include <local/usr.sbin.nginx>, so the rules in"
                + " apparmor.local would have no effect: not written"), planned.messages().toString());
        Planned included = plan("local:\n  usr.sbin.nginx: \"  /srv/www/** r,\\n\"\n", noKernel(), Map.of(
                ResourceId.file("/etc/apparmor.d/usr.sbin.nginx"), Samples.file(Samples.NGINX_PROFILE)));
        assertEquals(List.of("create /etc/apparmor.d/local/usr.sbin.nginx (0644 root:root)",
                "create /etc/apparmor.d/.harden-profiles (0644 root:root)"), included.summaries());
        assertTrue(included.list().endsWith("\nusr.sbin.nginx keep host\n"), "loaded again, its mode left as it is");
    }

    @Test
    void aProfileThatConfinesSshdRunsUnderCommitConfirmed() {
        Planned planned = plan("profiles:\n  - { file: apparmor/usr.sbin.sshd, mode: complain }\n", noKernel(), Map.of());
        assertTrue(planned.resource(FileResource.class, "/etc/apparmor.d/usr.sbin.sshd").canCutAccess());
        assertTrue(planned.resource(LinkResource.class, "/etc/apparmor.d/force-complain/usr.sbin.sshd").canCutAccess());
        assertFalse(planned.resource(FileResource.class, ManagedList.PATH).canCutAccess());
        assertTrue(AppArmorModule.confinesAccess("usr.bin.sudo", List.of()) || AppArmorModule.confinesAccess("x",
                ProfileHeader.scan("x", "profile x /usr/bin/sudo {\n", 5)));
        assertTrue(AppArmorModule.confinesAccess("x", ProfileHeader.scan("x", "/usr/{s,}bin/sudo {\n", 5)));
        assertFalse(AppArmorModule.confinesAccess("usr.sbin.nginx", ProfileHeader.scan("n", Samples.NGINX_PROFILE, 5)));
    }

    @Test
    void aProfileDroppedFromThePolicyIsLeftAsItIsAndSaidSo() {
        byte[] before = ManagedList.render(Map.of("usr.sbin.nginx", new ManagedList.Entry(Mode.COMPLAIN, "host")));
        Planned planned = plan("", noKernel(), Map.of(ResourceId.file(ManagedList.PATH),
                new State.File(0644, "root", "root", before)));
        assertEquals(List.of("remove /etc/apparmor.d/.harden-profiles (it did not exist before)"), planned.summaries());
        assertTrue(planned.has("info usr.sbin.nginx is no longer named in the policy: harden stops managing it and"
                + " leaves its file and mode (complain) as they are"), planned.messages().toString());
    }

    @Test
    void imageRootsAndOtherPackageManagersGetAFindingAndNothingElse() {
        Facts facts = Samples.host(new Samples.Probe().kernel("image").facts(), Map.of(ResourceId.pkg("apparmor"),
                new State.Absent()));
        Facts image = new Facts(facts.osId(), facts.osVersion(), facts.osName(), facts.openssh(), "image",
                facts.packageManager(), "", NetworkFacts.unknown(), facts.records(), facts.moduleFacts(), facts.states());
        Planned planned = plan("profiles:\n  - { file: apparmor/usr.local.bin.myapp, mode: complain }\n", image);
        assertEquals(List.of(), planned.result().resources());
        assertEquals(List.of("warning apparmor is not installed in this image, so nothing will be confined when it boots"
                + " (packages are not installed into an image root): install apparmor in the image build, then plan"
                + " again"), planned.messages());
        Facts dnf = new Facts("rocky", "9", "Rocky Linux 9", facts.openssh(), "systemd", "dnf", "ops",
                NetworkFacts.unknown(), facts.records(), facts.moduleFacts(), facts.states());
        assertTrue(plan("", dnf).has("warning apparmor is not installed, and harden installs it with apt"));
    }

    @Test
    void disabledModuleWantsNothing() {
        Planned planned = plan("enabled: false\nprofiles:\n  - { file: apparmor/usr.local.bin.myapp, mode: complain }\n",
                noKernel(), Map.of());
        assertEquals(List.of(), planned.result().resources());
        assertEquals(List.of(), planned.result().findings());
    }

    @Test
    void unconfinedProcessesAndUnprofiledListenersAreReported() {
        AppArmorFacts apparmor = new Samples.Probe().kernel("yes")
                .status(0, Samples.text("aa-status-3.0.8-debian12.json"))
                .files(Map.of("usr.sbin.nginx", Samples.NGINX_PROFILE))
                .processes("""
                        exe /proc/812 /usr/sbin/nginx
                        exe /proc/813 /usr/sbin/nginx
                        exe /proc/900 /usr/sbin/nginx
                        exe /proc/38 /usr/sbin/sshd
                        exe /proc/77 /usr/bin/redis-server
                        comm /proc/812/comm:nginx
                        comm /proc/813/comm:nginx
                        comm /proc/900/comm:nginx
                        comm /proc/38/comm:sshd
                        comm /proc/77/comm:redis-server
                        label /proc/812/attr/current:/usr/sbin/nginx (enforce)
                        label /proc/813/attr/current:/usr/sbin/nginx (enforce)
                        label /proc/900/attr/current:unconfined
                        label /proc/38/attr/current:unconfined
                        label /proc/77/attr/current:unconfined
                        """).facts();
        Facts facts = Samples.withNetwork(Samples.host(apparmor, Map.of()), new NetworkFacts(Optional.empty(), true,
                List.of(Listener.parse("tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:((\"sshd\",pid=38,fd=3))"),
                        Listener.parse("tcp LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:((\"nginx\",pid=812,fd=6))"),
                        Listener.parse("tcp LISTEN 0 511 127.0.0.1:6379 0.0.0.0:* users:((\"redis-server\",pid=77,fd=6))"))));
        Planned planned = plan("", facts);
        List<String> messages = planned.messages();
        assertTrue(messages.contains("warning /usr/sbin/nginx (pid 900) runs unconfined although profile"
                + " /usr/sbin/nginx (enforce) attaches to it: it started before the profile was loaded; restart it to"
                + " confine it"), messages.toString());
        assertTrue(messages.contains("warning /usr/sbin/cupsd (pid 640) runs unconfined although profile /usr/sbin/cupsd"
                + " (loaded) attaches to it: it started before the profile was loaded; restart it to confine it"),
                "what aa-status itself found: " + messages);
        assertTrue(messages.contains("info sshd (22/tcp on 0.0.0.0) runs /usr/sbin/sshd, which no AppArmor profile"
                + " covers: write one (apparmor.profiles, templates/apparmor/) and roll it out in complain mode first"),
                messages.toString());
        assertTrue(messages.stream().noneMatch(m -> m.contains("redis-server")), "loopback only: " + messages);
        assertTrue(messages.stream().noneMatch(m -> m.startsWith("info nginx")), "nginx has a profile: " + messages);
        assertTrue(plan("report_unconfined: false\n", facts).messages().stream().noneMatch(m -> m.contains("unconfined")
                || m.contains("covers")));
    }

    @Test
    void verifyComparesTheKernelsModesWithThePolicy() {
        AppArmorFacts apparmor = new Samples.Probe().kernel("yes")
                .kernelProfiles("nginx (complain)\n/usr/local/bin/myapp (complain)\n")
                .files(Map.of("usr.sbin.nginx", Samples.NGINX_PROFILE, "usr.local.bin.myapp", MYAPP)).facts();
        Planned planned = plan("profiles:\n  - { name: usr.sbin.nginx, mode: enforce }\n  - { file:"
                + " apparmor/usr.local.bin.myapp, mode: complain }\n", apparmor, Map.of());
        List<Finding> findings = module.verify(planned.input());
        assertEquals(List.of("profile nginx (/etc/apparmor.d/usr.sbin.nginx) is loaded in complain mode but the policy"
                + " says enforce (/sys/kernel/security/apparmor/profiles); apply again, or run apparmor_parser -r"
                + " /etc/apparmor.d/usr.sbin.nginx on the host"), findings.stream().map(Finding::message).toList());
        assertEquals(List.of(), module.verify(plan("profiles:\n  - { name: usr.sbin.nginx, mode: enforce }\n",
                noKernel(), Map.of()).input()), "nothing to compare without a kernel: the plan's warning says so");
    }

    @Test
    void secondPlanOfAnAppliedHostChangesNothing() {
        String vars = "profiles:\n  - { file: apparmor/usr.local.bin.myapp, mode: complain }\n"
                + "  - { name: usr.sbin.nginx, mode: disable }\nlocal:\n  usr.sbin.nginx: \"  /srv/www/** r,\\n\"\n";
        Map<ResourceId, State> host = new HashMap<>(Map.of(ResourceId.file("/etc/apparmor.d/usr.sbin.nginx"),
                Samples.file(Samples.NGINX_PROFILE)));
        Planned first = plan(vars, noKernel(), host);
        for (Resource r : first.result().resources()) {
            if (r instanceof FileResource f) {
                host.put(r.id(), new State.File(f.mode(), f.owner(), f.group(), f.content()));
            } else if (r instanceof LinkResource l && !l.absent()) {
                host.put(r.id(), new State.Link(l.target()));
            }
        }
        assertEquals(List.of(), plan(vars, noKernel(), host).summaries());
        assertTrue(first.result().resources().stream().noneMatch(r -> r instanceof UnitResource u
                && u.activity() != null), "the unit is only enabled: it does nothing on a kernel without AppArmor");
    }
}
