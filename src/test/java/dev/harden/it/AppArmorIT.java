package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.Network;

/**
 * AppArmor on two real hosts at once: a stock Debian 12 without apparmor (harden installs it) and
 * a Debian 13 with apparmor 4 as Debian installs it, with its dozens of flags=(unconfined) stubs.
 * The kernel of this machine has no AppArmor, so profiles are validated and installed but not
 * enforced, and every plan says so. The policy rolls a repository profile out in complain mode
 * with a local snippet, enforces a shipped profile by name, disables another, and names a stub
 * (never switched).
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppArmorIT {

    static final String PROFILE = """
            # myapp, confined (rendered for ${host.name})
            include <tunables/global>

            /usr/local/bin/myapp {
              include <abstractions/base>
              /usr/local/bin/myapp mr,
              /srv/myapp/** r,
              include if exists <local/usr.local.bin.myapp>
            }
            """;
    static final String POLICY = """
            ssh:
              enabled: false
            sudo:
              enabled: false
            firewall:
              enabled: false
            upgrades:
              enabled: false
            apparmor:
              profiles:
                - { file: apparmor/usr.local.bin.myapp, mode: complain }
                - { name: nvidia_modprobe, mode: enforce }
                - { name: firefox, mode: enforce }
                - { name: lsb_release, mode: disable }
              local:
                usr.local.bin.myapp: "  /srv/www/** r,\\n"
            """;
    static final String NOT_ENFORCED = "warning [apparmor] kernel has no AppArmor: profiles installed, not enforced";
    /** The apparmor packages, every file and link under /etc/apparmor.d (sha256 of files), the unit. */
    private static final String STATE = "dpkg-query -W -f '${db:Status-Abbrev} ${Package} ${Version}\\n' 'apparmor*'"
            + " 2> /dev/null | grep '^ii' | sort;"
            + " if [ -d /etc/apparmor.d ]; then cd /etc/apparmor.d && find . \\( -type f -o -type l \\) | sort | while read -r f;"
            + " do if [ -L \"$f\" ]; then echo \"$f -> $(readlink \"$f\")\"; else echo \"$f $(sha256sum < \"$f\" | cut -c1-16)"
            + " $(stat -c '%a %U %G' \"$f\")\"; fi; done; else echo 'no /etc/apparmor.d'; fi;"
            + " echo \"apparmor.service $(systemctl is-enabled apparmor.service 2> /dev/null)\"";

    /** A kernel with AppArmor, as far as harden can tell: see onAKernelWithAppArmor... below. */
    private static final String FAKE_KERNEL = """
            set -e
            mount -t tmpfs -o size=1m harden-test /sys/module
            mkdir -p /sys/module/apparmor/parameters && echo Y > /sys/module/apparmor/parameters/enabled
            mount -t tmpfs -o size=1m harden-test /sys/kernel/security
            mkdir /sys/kernel/security/apparmor
            : > /sys/kernel/security/apparmor/profiles; : > /sys/kernel/security/apparmor/.remove
            cat > /usr/local/sbin/apparmor_parser <<'PARSER'
            #!/bin/sh
            # stand-in: records the call; loads (-r) and unloads (-R, the profile on stdin or named) in a
            # profile list kept like the kernel's
            echo "$*" >> /var/log/harden-test-parser.log
            op=; mode=enforce; file=
            for a in "$@"; do
              case "$a" in -r|-a) op=load;; -R) op=unload;; -C) mode=complain;; -*) ;; *) file=$a;; esac
            done
            [ -n "$op" ] || exec /usr/sbin/apparmor_parser "$@"
            names=$(/usr/sbin/apparmor_parser -Q -K -N ${file:+"$file"}) || exit 1
            k=/sys/kernel/security/apparmor/profiles
            printf '%s\\n' "$names" | awk 'NR == FNR {n[$0 " ("] = 1; next}
              {keep = 1; for (p in n) if (index($0, p) == 1) keep = 0} keep' - "$k" > "$k.new"
            [ "$op" = unload ] || printf '%s\\n' "$names" | sed "s/\\$/ ($mode)/" >> "$k.new"
            cat "$k.new" > "$k"; rm -f "$k.new"
            PARSER
            chmod 755 /usr/local/sbin/apparmor_parser
            """;

    private Network network;
    private TestHost d12;
    private TestHost d13;
    private Path work;
    private DesiredRepo repo;
    private final Map<String, String> stock = new java.util.HashMap<>();
    private final Map<String, String> applied = new java.util.HashMap<>();
    private String stubs;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("harden-apparmor-");
        network = Network.newNetwork();
        d12 = TestHost.start("debian12-plain", network, "d12", work);
        d13 = TestHost.start("debian13", network, "d13", work);
        // Debian installs apparmor by default; this host has it as Debian ships it (the stock test host does not)
        Container.ExecResult install = d13.execResult("sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -q"
                + " --no-install-recommends apparmor > /tmp/apt.log 2>&1 || { apt-get update -q > /dev/null 2>&1 &&"
                + " DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends apparmor; }");
        assertEquals(0, install.getExitCode(), install.getStdout() + install.getStderr());
        repo = new DesiredRepo(work.resolve("repo"))
                .write("inventory/hosts.yaml", "hosts:\n" + d12.inventoryEntry("d12") + d13.inventoryEntry("d13"))
                .write("inventory/known_hosts", d12.knownHostsLine() + "\n" + d13.knownHostsLine() + "\n")
                .write("policies/baseline.yaml", POLICY)
                .write("templates/apparmor/usr.local.bin.myapp", PROFILE);
        repo.commit("roll myapp's profile out in complain mode");
        stock.put("d12", state(d12));
        stock.put("d13", state(d13));
        stubs = stubs(d13);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {d12, d13, network}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort: the next container still gets closed
            }
        }
    }

    @Test
    @Order(1)
    void planShowsTheProfileItsModeTheValidatorAndThatNothingIsEnforced() {
        assertTrue(stock.get("d12").contains("no /etc/apparmor.d"), "a stock Debian 12: no apparmor");
        CliRun plan = CliRun.of("plan", "--repo", dir(), "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan.all());
        for (String line : List.of("install package apparmor", "+ usr.local.bin.myapp: complain"
                + " (templates/apparmor/usr.local.bin.myapp)", "create /etc/apparmor.d/usr.local.bin.myapp (0644 root:root)",
                "validate: apparmor check", "reload: apparmor rules",
                "link /etc/apparmor.d/force-complain/usr.local.bin.myapp -> ../usr.local.bin.myapp", NOT_ENFORCED)) {
            assertTrue(plan.out().contains(line), line + " in " + plan.out());
        }
    }

    /** Done when 2: validated, installed, and reported as not enforced (this kernel has no AppArmor). */
    @Test
    @Order(2)
    void applyValidatesAndInstallsTheProfileAndReportsItIsNotEnforced() throws Exception {
        CliRun apply = CliRun.of("apply", "--repo", dir(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("installed apparmor"), apply.out());
        assertEquals(2, count(apply.out(), "validated /etc/apparmor.d/usr.local.bin.myapp (apparmor check)"), apply.out());
        assertEquals(2, count(apply.out(), "validated /etc/apparmor.d/local/usr.local.bin.myapp (apparmor check)"));
        assertEquals(2, count(apply.out(), "reloaded apparmor rules"), apply.out());
        assertTrue(count(apply.out(), NOT_ENFORCED) >= 4, "in the plan and after the apply, on both hosts: " + apply.out());
        assertTrue(apply.out().contains("warning [apparmor] firefox is flagged unconfined in its file: harden never"
                + " switches such a profile"), apply.out());
        assertTrue(apply.out().contains("warning [apparmor] profile firefox is not on the host"), "Debian 12 has none");
        for (TestHost host : List.of(d12, d13)) {
            assertTrue(host.exec("cat", "/etc/apparmor.d/usr.local.bin.myapp").startsWith("# myapp, confined (rendered"
                    + " for d"), "rendered from the template");
            assertEquals("../usr.local.bin.myapp", host.exec("readlink", "/etc/apparmor.d/force-complain/usr.local.bin.myapp")
                    .strip());
            assertEquals("  /srv/www/** r,\n", host.exec("cat", "/etc/apparmor.d/local/usr.local.bin.myapp"));
            assertTrue(host.exec("cat", "/etc/apparmor.d/.harden-profiles").endsWith("\nlsb_release disable host\n"
                    + "nvidia_modprobe enforce host\nusr.local.bin.myapp complain repository\n"),
                    "exactly the profiles the policy names");
            assertEquals("../lsb_release", host.exec("readlink", "/etc/apparmor.d/disable/lsb_release").strip());
            Container.ExecResult parser = host.execResult("apparmor_parser", "-Q", "-K", "-N",
                    "/etc/apparmor.d/usr.local.bin.myapp");
            assertEquals(0, parser.getExitCode(), parser.getStderr());
            assertEquals("/usr/local/bin/myapp", parser.getStdout().strip(), "the host's parser reads it");
            assertEquals("enabled", host.exec("systemctl", "is-enabled", "apparmor.service").strip());
            assertNotEquals(0, host.execResult("test", "-e", "/sys/kernel/security/apparmor/profiles").getExitCode(),
                    "no AppArmor in this kernel");
        }
        CliRun check = CliRun.of("check", "--repo", dir());
        assertEquals(2, check.exitCode(), "the not-enforced warning makes check exit 2: " + check.all());
        assertTrue(check.out().contains(NOT_ENFORCED), check.out());
        applied.put("d12", state(d12));
        applied.put("d13", state(d13));
    }

    /** Done when 3: Debian 13's flags=(unconfined) stubs are left alone by a policy that enforces a named profile. */
    @Test
    @Order(3)
    void debian13sUnconfinedStubsAreLeftAlone() throws Exception {
        assertTrue(stubs.lines().count() >= 70, "Debian 13 ships dozens of stubs: " + stubs.lines().count());
        assertEquals(stubs, stubs(d13), "every stub file byte for byte, with mode and owner, as before");
        assertEquals("", d13.exec("sh", "-c", "{ ls /etc/apparmor.d/disable/; ls /etc/apparmor.d/force-complain/; }"
                + " | grep -v -x -e usr.local.bin.myapp -e lsb_release || true").strip(),
                "no link for any profile but the policy's");
        assertTrue(d13.exec("grep", "-c", "flags=(unconfined)", "/etc/apparmor.d/firefox").strip().equals("1"),
                "firefox is named enforce, and still a stub");
    }

    /** Done when 4, first half: a second apply changes nothing. */
    @Test
    @Order(4)
    void secondApplyChangesNothing() throws Exception {
        String generations12 = d12.exec("ls", "/var/lib/harden/generations");
        String generations13 = d13.exec("ls", "/var/lib/harden/generations");
        CliRun plan = CliRun.of("plan", "--repo", dir(), "--detailed-exitcode");
        assertEquals(0, plan.exitCode(), plan.all());
        assertTrue(plan.out().contains(NOT_ENFORCED), "the warning stays: it is about the kernel, not a change");
        CliRun apply = CliRun.of("apply", "--repo", dir(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("Nothing to apply."), apply.out());
        assertEquals(generations12, d12.exec("ls", "/var/lib/harden/generations"), "no new generation");
        assertEquals(generations13, d13.exec("ls", "/var/lib/harden/generations"), "no new generation");
        assertEquals(applied.get("d12"), state(d12));
        assertEquals(applied.get("d13"), state(d13));
    }

    /** Done when 1: a profile (or snippet) with a syntax error is refused with the parser's message; nothing changes. */
    @Test
    @Order(5)
    void aSyntaxErrorIsRefusedBeforeActivationWithTheParsersMessage() throws Exception {
        String generations12 = d12.exec("ls", "/var/lib/harden/generations");
        String generations13 = d13.exec("ls", "/var/lib/harden/generations");
        repo.write("templates/apparmor/usr.local.bin.myapp", PROFILE.replace("/srv/myapp/** r,", "/srv/myapp/** rwq,"))
                .commit("a typo in the profile");
        CliRun apply = CliRun.of("apply", "--repo", dir(), "--auto-approve");
        assertEquals(1, apply.exitCode(), apply.all());
        assertEquals(2, count(apply.out(), "FAILED, nothing changed"), apply.out());
        assertEquals(2, count(apply.out(), "error: /etc/apparmor.d/usr.local.bin.myapp is invalid, nothing was changed;"
                + " apparmor check says: AppArmor parser error for /etc/apparmor.d/usr.local.bin.myapp in profile"
                + " /etc/apparmor.d/usr.local.bin.myapp at line 7: syntax error, unexpected TOK_ID, expecting TOK_MODE"),
                apply.out());
        assertEquals(applied.get("d12"), state(d12), "nothing on the host changed");
        assertEquals(applied.get("d13"), state(d13), "nothing on the host changed");
        assertEquals(generations12, d12.exec("ls", "/var/lib/harden/generations"), "no generation recorded");
        assertEquals(generations13, d13.exec("ls", "/var/lib/harden/generations"), "no generation recorded");

        repo.write("templates/apparmor/usr.local.bin.myapp", PROFILE)
                .write("policies/baseline.yaml", POLICY.replace("/srv/www/** r,", "/srv/www/** rwq,"))
                .commit("a typo in the local snippet");
        CliRun snippet = CliRun.of("apply", "--repo", dir(), "--auto-approve", "--limit", "d13");
        assertEquals(1, snippet.exitCode(), snippet.all());
        assertTrue(snippet.out().contains("error: /etc/apparmor.d/local/usr.local.bin.myapp is invalid, nothing was"
                + " changed; apparmor check says: AppArmor parser error for /etc/apparmor.d/usr.local.bin.myapp in"
                + " profile /etc/apparmor.d/local/usr.local.bin.myapp at line 1: syntax error, unexpected TOK_ID, expecting"
                + " TOK_MODE"), snippet.out());
        assertEquals(applied.get("d13"), state(d13), "nothing on the host changed");

        // a snippet of a disabled profile: the parser skips a file named in disable/, so harden checks a copy
        repo.write("policies/baseline.yaml", POLICY + "    lsb_release: \"  /srv/www/** rwq,\\n\"\n")
                .commit("a typo in the local snippet of a disabled profile");
        CliRun disabled = CliRun.of("apply", "--repo", dir(), "--auto-approve");
        assertEquals(1, disabled.exitCode(), disabled.all());
        assertEquals(2, count(disabled.out(), "error: /etc/apparmor.d/local/lsb_release is invalid, nothing was"
                + " changed; apparmor check says: AppArmor parser error for /etc/apparmor.d/lsb_release in profile"
                + " /etc/apparmor.d/local/lsb_release at line 1: syntax error, unexpected TOK_ID, expecting TOK_MODE"),
                disabled.out());
        assertEquals(applied.get("d12"), state(d12), "nothing on the host changed");
        assertEquals(applied.get("d13"), state(d13), "nothing on the host changed");
        for (TestHost host : List.of(d12, d13)) {
            assertEquals("", host.exec("sh", "-c", "find /etc/apparmor.d /tmp -name '*.harden-new'"
                    + " -o -name '*.harden-check'").strip(), "no staged file or copy left");
        }
        repo.write("policies/baseline.yaml", POLICY).commit("the policy as it was");
    }

    /** Done when 4, second half: rollback removes what the module added (and the package it installed). */
    @Test
    @Order(6)
    void rollbackRemovesWhatTheModuleAdded() throws Exception {
        CliRun rollback = CliRun.of("rollback", "--repo", dir(), "--limit", "d12,d13", "--auto-approve");
        assertEquals(0, rollback.exitCode(), rollback.all());
        assertTrue(rollback.out().contains("purged apparmor"), "Debian 12 had no apparmor before: " + rollback.out());
        assertEquals(stock.get("d12"), state(d12), "packages, /etc/apparmor.d and the unit as before the apply");
        assertEquals(stock.get("d13"), state(d13), "every profile, link and snippet as before the apply");
        assertEquals(stubs, stubs(d13));
    }

    /**
     * The kernel paths where this machine has no AppArmor: on d13, the kernel's interfaces on tmpfs
     * and a stand-in apparmor_parser that records every call and keeps the profile list as the
     * kernel would (parsing with the real parser). It shows what activate_apparmor loads, in which
     * mode, and what it unloads: exactly the managed profiles, never the stubs or anything else.
     */
    @Test
    @Order(7)
    void onAKernelWithAppArmorExactlyTheManagedProfilesAreLoadedInTheirModes() throws Exception {
        String before = d13.exec("sh", "-c", "ls -1 /var/lib/harden/generations | sort | tail -n 1").strip();
        d13.exec("sh", "-c", FAKE_KERNEL);
        try {
            assertEquals(0, CliRun.of("release", "--repo", dir(), "--limit", "d13").exitCode());
            CliRun apply = CliRun.of("apply", "--repo", dir(), "--auto-approve", "--limit", "d13");
            assertEquals(0, apply.exitCode(), apply.all());
            assertTrue(!apply.out().contains(NOT_ENFORCED), apply.out());
            assertEquals(List.of("-R", "-r /etc/apparmor.d/nvidia_modprobe",
                    "-r -C /etc/apparmor.d/usr.local.bin.myapp"), loads(), "one call per managed profile, in its mode");
            assertEquals("nvidia_modprobe (enforce)\nnvidia_modprobe//kmod (enforce)\n/usr/local/bin/myapp (complain)",
                    kernel());
            CliRun plan = CliRun.of("plan", "--repo", dir(), "--limit", "d13", "--detailed-exitcode");
            assertEquals(0, plan.exitCode(), plan.all());
            assertTrue(!plan.out().contains("policy says"), "the kernel's modes are the policy's: " + plan.out());
            assertTrue(plan.out().contains("info [apparmor] usr.local.bin.myapp is in complain mode since "), plan.out());

            repo.write("policies/baseline.yaml", POLICY.replace("usr.local.bin.myapp, mode: complain",
                    "usr.local.bin.myapp, mode: enforce")).commit("promote myapp to enforce: nothing was denied");
            CliRun promote = CliRun.of("apply", "--repo", dir(), "--auto-approve", "--limit", "d13");
            assertEquals(0, promote.exitCode(), promote.all());
            assertTrue(promote.out().contains("~ usr.local.bin.myapp: complain -> enforce"), promote.out());
            assertEquals("-r /etc/apparmor.d/usr.local.bin.myapp", loads().get(loads().size() - 1));
            assertTrue(kernel().endsWith("\n/usr/local/bin/myapp (enforce)"), kernel());

            CliRun rollback = CliRun.of("rollback", "--repo", dir(), "--limit", "d13", "--to", before, "--auto-approve");
            assertEquals(0, rollback.exitCode(), rollback.all());
            assertEquals("/usr/local/bin/myapp", d13.exec("cat", "/sys/kernel/security/apparmor/.remove"),
                    "its file is gone: unloaded by the name it was loaded with");
            assertTrue(kernel().lines().toList().containsAll(List.of("lsb_release (enforce)", "nvidia_modprobe (enforce)")),
                    "profiles that left the list are loaded as their files say now (lsb_release is no longer disabled): "
                    + kernel());
            assertTrue(loads().stream().noneMatch(l -> l.contains("firefox") || l.contains("chrome")), loads().toString());
            assertEquals(stock.get("d13"), state(d13));
        } finally {
            d13.execResult("sh", "-c", "umount /sys/kernel/security; umount /sys/module;"
                    + " rm -f /usr/local/sbin/apparmor_parser /var/log/harden-test-parser.log");
        }
    }

    private String dir() {
        return repo.dir().toString() + File.separator;
    }

    private static String state(TestHost host) throws Exception {
        return host.exec("sh", "-c", STATE);
    }

    /** Every profile file flagged unconfined, with its sha256, mode and owner. */
    private static String stubs(TestHost host) throws Exception {
        return host.exec("sh", "-c", "cd /etc/apparmor.d && grep -l 'flags=(unconfined)' -- * 2> /dev/null | sort"
                + " | while read -r f; do echo \"$f $(sha256sum < \"$f\" | cut -c1-16) $(stat -c '%a %U %G %Y' \"$f\")\";"
                + " done");
    }

    /** The stand-in parser's load and unload calls, in order. */
    private List<String> loads() throws Exception {
        return d13.exec("sh", "-c", "grep -E '^-(r|R)( |$)' /var/log/harden-test-parser.log || true").lines().toList();
    }

    private String kernel() throws Exception {
        return d13.exec("cat", "/sys/kernel/security/apparmor/profiles").strip();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
