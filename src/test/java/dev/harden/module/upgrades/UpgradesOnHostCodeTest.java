package dev.harden.module.upgrades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.harden.facts.FactProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module's shell code run by a real /bin/sh: the fact snippets parse, and read an image root;
 * the checks of staged files accept what harden renders and refuse broken files with the tool's
 * own message (where this machine has apt-config and systemd-analyze).
 */
class UpgradesOnHostCodeTest {

    private static final String CODE = new UpgradesModule().onHostCode();

    @TempDir
    Path temp;

    /** Runs {@code script} with /bin/sh; returns the exit status and what it printed. */
    private static Result sh(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    record Result(int rc, String out) {
    }

    private static boolean has(String tool) throws IOException, InterruptedException {
        return sh("command -v " + tool).rc() == 0;
    }

    @Test
    void everySnippetIsValidShell() throws Exception {
        for (FactProbe<?> probe : new UpgradesModule().facts()) {
            Result result = sh("sh -n <<'EOF'\nfact() {\n" + probe.script() + "\n}\nEOF");
            assertEquals(0, result.rc(), probe.name() + ": " + result.out());
        }
        Result code = sh("sh -n <<'EOF'\n" + CODE + "\nEOF");
        assertEquals(0, code.rc(), code.out());
    }

    @Test
    void theAptSnippetReadsAnImageRoot() throws Exception {
        Path root = temp.resolve("img");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("var/lib/apt/periodic"));
        Files.createDirectories(root.resolve("etc/apt/apt.conf.d"));
        Path aptConfig = Files.createFile(root.resolve("usr/bin/apt-config"));
        Files.setPosixFilePermissions(aptConfig, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("var/lib/apt/periodic/upgrade-stamp"), "");
        Files.writeString(root.resolve("etc/apt/apt.conf.d/52harden-unattended-upgrades"), "// x\n");
        Result result = sh("R='" + root + "'\nfact() {\n" + AptFacts.PROBE.script() + "\n}\nfact");
        assertEquals(0, result.rc(), result.out());
        AptFacts apt = AptFacts.parse(result.out().getBytes(StandardCharsets.UTF_8));
        assertTrue(apt.now().isPresent() && apt.upgradeStamp().isPresent() && apt.dropIn().isPresent(), result.out());
        assertEquals(OptionalLong.empty(), apt.rebootRequired(), "the image's reboot flag means nothing: not read");
        assertTrue(!apt.configKnown() && apt.configError().isEmpty(), "apt-config is not run on an image root");

        Result empty = sh("R='" + temp.resolve("nothing") + "'\nfact() {\n" + AptFacts.PROBE.script() + "\n}\nfact");
        assertEquals("", empty.out(), "not an apt system: nothing");
    }

    @Test
    void theDnfSnippetTellsDnf5FromDnf4() throws Exception {
        Path fedora = temp.resolve("fedora");
        Files.createDirectories(fedora.resolve("usr/bin"));
        Files.createFile(fedora.resolve("usr/bin/dnf5"));
        Files.createSymbolicLink(fedora.resolve("usr/bin/dnf"), Path.of("dnf5"));
        Path rhel = temp.resolve("rhel");
        Files.createDirectories(rhel.resolve("usr/bin"));
        Files.createFile(rhel.resolve("usr/bin/dnf-3"));
        Files.createSymbolicLink(rhel.resolve("usr/bin/dnf"), Path.of("dnf-3"));
        Path automatic = rhel.resolve("usr/lib/python3.9/site-packages/dnf/automatic/main.py");
        Files.createDirectories(automatic.getParent());
        Files.writeString(automatic, "self.add_option('reboot_command', ...)\n");
        for (Path root : List.of(fedora, rhel)) {
            Result result = sh("R='" + root + "'\nfact() {\n" + DnfFacts.PROBE.script() + "\n}\nfact");
            DnfFacts dnf = DnfFacts.parse(result.out().getBytes(StandardCharsets.UTF_8));
            assertEquals(root == fedora ? "dnf5" : "dnf4", dnf.flavour(), result.out());
            if (root == rhel) {
                assertEquals(java.util.Optional.of(true), dnf.automaticReboot(), result.out());
            }
        }
    }

    @Test
    void theAptConfCheckUsesAptsOwnParser() throws Exception {
        assumeTrue(has("apt-config"), "apt-config is not installed here");
        Path good = Path.of("src/test/resources/golden/upgrades_52harden-unattended-upgrades-debian").toAbsolutePath();
        assertEquals(0, sh(CODE + "\nR=\ncheck_apt_conf '" + good + "'").rc());
        Path bad = temp.resolve(".52harden-unattended-upgrades.harden-new");
        Files.writeString(bad, "Unattended-Upgrade::Automatic-Reboot \"true\"\n");
        Result result = sh(CODE + "\nR=\ncheck_apt_conf '" + bad + "'");
        assertEquals(1, result.rc(), result.out());
        assertTrue(result.out().startsWith("E: Syntax error " + bad + ":2:"), result.out());
        Result image = sh(CODE + "\nR=/some/image\ncheck_apt_conf '" + bad + "'");
        assertEquals(99, image.rc());
        assertTrue(image.out().startsWith("not validated: "), image.out());
    }

    @Test
    void theTimerCheckUsesSystemdsOwnCalendarParser() throws Exception {
        assumeTrue(has("systemd-analyze"), "systemd-analyze is not installed here");
        for (String name : List.of("apt-daily.timer", "apt-daily-upgrade.timer", "dnf-automatic.timer",
                "dnf5-automatic.timer")) {
            Path good = Path.of("src/test/resources/golden/upgrades_" + name + "-harden-window.conf").toAbsolutePath();
            Result result = sh(CODE + "\nR=\ncheck_timer_calendar '" + good + "'");
            assertEquals(0, result.rc(), name + ": " + result.out());
        }
        Path bad = temp.resolve("bad.conf");
        Files.writeString(bad, "[Timer]\nOnCalendar=\nOnCalendar=Mon..Fry 25:00\n");
        Result result = sh(CODE + "\nR=\ncheck_timer_calendar '" + bad + "'");
        assertEquals(1, result.rc(), result.out());
        assertTrue(result.out().startsWith("OnCalendar=Mon..Fry 25:00: Failed to parse calendar specification"),
                result.out());
        Files.writeString(bad, "[Timer]\nOnCalendar=\n");
        assertEquals("no OnCalendar= value in the timer drop-in\n", sh(CODE + "\nR=\ncheck_timer_calendar '" + bad
                + "'").out());
        assertEquals(99, sh(CODE + "\nR=/img\ncheck_timer_calendar '" + bad + "'").rc());
    }
}
