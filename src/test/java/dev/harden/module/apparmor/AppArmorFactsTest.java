package dev.harden.module.apparmor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fact probe's answers: captured on the test hosts (no AppArmor in their kernel), and the
 * aa-status --json shapes of hosts with AppArmor (see src/test/resources/apparmor/README.md).
 */
class AppArmorFactsTest {

    @Test
    void debian12WithoutAppArmorInTheKernel() {
        AppArmorFacts facts = AppArmorFacts.parse(Samples.text("probe-debian12-no-kernel.out")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(AppArmorFacts.Kernel.NO, facts.kernel());
        assertTrue(facts.parser());
        assertEquals("", facts.loaded().source(), "nothing is loaded: aa-status said nothing (3.0.8 exits 0 there)");
        assertTrue(facts.files().containsAll(List.of("lsb_release", "nvidia_modprobe", "usr.local.bin.myapp")));
        assertEquals(List.of("nvidia_modprobe"), facts.profileNames("nvidia_modprobe"), "kmod is a child profile");
        assertEquals(List.of("/usr/local/bin/myapp"), facts.profileNames("usr.local.bin.myapp"));
        assertEquals(java.util.Set.of("lsb_release", "usr.local.bin.myapp"), facts.complainSince().keySet());
        assertTrue(facts.processes().stream().anyMatch(p -> p.comm().equals("sshd") && p.exe().equals("/usr/sbin/sshd")
                && p.label().isEmpty()), facts.processes().toString());
        assertEquals(List.of(), facts.events());
    }

    @Test
    void debian13ShipsDozensOfUnconfinedStubs() {
        AppArmorFacts facts = AppArmorFacts.parse(Samples.text("probe-debian13-no-kernel.out")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(AppArmorFacts.Kernel.NO, facts.kernel());
        long stubs = facts.files().stream().filter(f -> facts.headersOf(f).stream()
                .anyMatch(h -> !h.nested() && h.flags().contains("unconfined"))).count();
        assertEquals(76, stubs, "apparmor 4.1.0-1 ships 76 profiles flagged unconfined");
        assertEquals(List.of("MongoDB Compass"), facts.profileNames("MongoDB_Compass"));
        assertEquals(List.of("vscode"), facts.profileNames("code"));
        assertTrue(facts.headersOf("Xorg").get(0).flags().contains("complain"));
    }

    @Test
    void appArmor308StatusWithItsMissingCommaIsRead() {
        AppArmorFacts facts = new Samples.Probe().kernel("yes")
                .status(0, Samples.text("aa-status-3.0.8-debian12.json"))
                .kernelProfiles(Samples.text("kernel-profiles.txt")).facts();
        assertEquals("aa-status --json (format 2)", facts.loaded().source());
        assertEquals("enforce", facts.loaded().modes().get("/usr/sbin/nginx"));
        assertEquals("complain", facts.loaded().modes().get("/usr/local/bin/myapp"));
        assertEquals(9, facts.loaded().modes().size());
        assertEquals(List.of(new AppArmorFacts.Proc(640, "", "/usr/sbin/cupsd", "unconfined")),
                facts.loaded().unconfined());
    }

    @Test
    void appArmor4StatusListsTheStubsAsUnconfined() {
        AppArmorFacts facts = new Samples.Probe().kernel("yes").status(0, Samples.text("aa-status-4.1-debian13.json"))
                .facts();
        assertEquals("unconfined", facts.loaded().modes().get("firefox"));
        assertEquals("unconfined", facts.loaded().modes().get("MongoDB Compass"));
        assertEquals("complain", facts.loaded().modes().get("Xorg"));
        assertEquals(List.of(), facts.loaded().unconfined());
    }

    @Test
    void format1IsReadToo() {
        AppArmorFacts facts = new Samples.Probe().kernel("yes").status(0, Samples.text("aa-status-2.13-debian10.json"))
                .facts();
        assertEquals("aa-status --json (format 1)", facts.loaded().source());
        assertEquals("complain", facts.loaded().modes().get("/usr/sbin/dnsmasq"));
    }

    @Test
    void anUnknownFormatAFailureOrGarbageFallsBackToTheKernelsList() {
        String kernel = Samples.text("kernel-profiles.txt");
        for (Samples.Probe probe : List.of(
                new Samples.Probe().kernel("yes").status(0, "{\"version\": \"3\", \"profiles\": {\"x\": \"enforce\"}}"),
                new Samples.Probe().kernel("yes").status(4, "You do not have enough privilege to read the profile set."),
                new Samples.Probe().kernel("yes").status(0, "{\"version\": \"2\", \"profiles\": {\"x\": "),
                new Samples.Probe().kernel("yes").status(0, ""),
                new Samples.Probe().kernel("yes").line("status 0 %%%not-base64%%%"))) {
            AppArmorFacts facts = probe.kernelProfiles(kernel).facts();
            assertEquals("/sys/kernel/security/apparmor/profiles", facts.loaded().source());
            assertEquals("enforce", facts.loaded().modes().get("nvidia_modprobe//kmod"));
            assertEquals("unconfined", facts.loaded().modes().get("MongoDB Compass"));
            assertEquals("prompt", facts.loaded().modes().get("pinentry"), "the kernel's user is aa-status's prompt");
            assertFalse(facts.loaded().modes().containsKey("x"));
        }
    }

    @Test
    void noKernelMeansNothingLoadedWhateverAaStatusSays() {
        // Debian 13's aa-status on a kernel without AppArmor: "apparmor not present." on stderr, exit 1
        AppArmorFacts facts = new Samples.Probe().kernel("no").status(1, "").facts();
        assertEquals(AppArmorFacts.Kernel.NO, facts.kernel());
        assertEquals(AppArmorFacts.Loaded.none(), facts.loaded());
        assertEquals(AppArmorFacts.Kernel.UNREACHABLE, new Samples.Probe().kernel("unreachable").facts().kernel());
        assertEquals(AppArmorFacts.Kernel.IMAGE, new Samples.Probe().kernel("image").facts().kernel());
    }

    @Test
    void complainModeEventsAreCountedOncePerAuditRecordSinceTheLinkWasMade() {
        AppArmorFacts facts = new Samples.Probe().kernel("yes").line("complain usr.sbin.php-fpm 1700000000")
                .events("""
                        1699999999 10 php-fpm
                        1700000001 42 php-fpm
                        1700000001 42 php-fpm
                        1700000002 - php-fpm//null-/usr/bin/convert
                        1700000003 43 php-fpm-other
                        garbage line
                        1700000004 x php-fpm
                        """).facts();
        assertEquals(Map.of("usr.sbin.php-fpm", 1700000000L), facts.complainSince());
        assertEquals(2, facts.allowedSince(List.of("php-fpm"), 1700000000L), "its own and its children's entries");
        assertEquals(3, facts.allowedSince(List.of("php-fpm"), 0L));
    }

    @Test
    void hostileOrBrokenAnswersGiveSaneFacts() {
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[random.nextInt(2000)];
            random.nextBytes(noise);
            AppArmorFacts.parse(noise);
        }
        AppArmorFacts forged = AppArmorFacts.parse(("""
                kernel maybe
                file ../../etc/shadow
                file ok.name
                file .hidden
                disabled a/b
                complain x notanumber
                headers %%%
                procs %%%
                """ + "procs " + Samples.base64("exe /proc/12 relative\nexe /proc/x /usr/bin/x\nexe /proc/13 /usr/bin/y"
                + " (deleted)\ncomm /proc/13/comm:y\nlabel /proc/13/attr/current:unconfined\ncomm /proc/99/comm:ghost\n"))
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(AppArmorFacts.Kernel.NO, forged.kernel());
        assertEquals(java.util.Set.of("ok.name"), forged.files());
        assertEquals(java.util.Set.of(), forged.disabled());
        assertEquals(Map.of("x", 0L), forged.complainSince(), "an unknown time, not a negative one");
        assertEquals(List.of(new AppArmorFacts.Proc(13, "y", "/usr/bin/y", "unconfined")), forged.processes());
    }
}
