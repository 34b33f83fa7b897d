package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.harden.report.JUnitSchema;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * harden check --report on a fleet of image roots (drifted, with findings, one unreachable, one
 * whose os-release carries markup), then the reports as their readers get them: the HTML page
 * rendered by a real browser (Debian's chromium, headless, file:// only and every network feature
 * off) whose DOM and screenshot show the fleet; the JUnit file accepted by the JUnit XML schema.
 * In CI the test must run: without chromium it fails there (.ci/test-hosts.sh installs it).
 */
class CheckReportInChromiumTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final List<String> HOSTS = List.of("db1", "web1", "web2", "web3", "web4");

    @TempDir
    Path temp;

    private Path repo;

    @BeforeEach
    void fleet() throws Exception {
        repo = ImageFleet.create(temp.resolve("repo"), HOSTS);
        Path release = repo.resolve("inventory/images/web4/etc/os-release");
        Files.writeString(release, Files.readString(release).replace("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"",
                "PRETTY_NAME=\"Debian <script>document.title='owned'</script><img src=x> \u202eevil\""));
        String hosts = Files.readString(repo.resolve("inventory/hosts.yaml"));
        Files.writeString(repo.resolve("inventory/hosts.yaml"), hosts + "  mail1:\n    transport: local\n"
                + "    root: inventory/images/none\n");
        Cli.Result applied = Cli.run("apply", "--working-tree", "--repo", repo.toString(), "--limit", "web1,web2",
                "--auto-approve");
        assertEquals(0, applied.exitCode(), applied.toString());
    }

    @Test
    void theHtmlReportRendersInChromiumAndTheJUnitReportIsValid() throws Exception {
        boolean chromium = CHROMIUM.toFile().canExecute();
        if (System.getenv("CI") != null) {
            assertTrue(chromium, "chromium is missing: .ci/test-hosts.sh installs it");
        }
        Path html = temp.resolve("out/report.html");
        Path xml = temp.resolve("out/report.xml");
        Cli.Result check = Cli.run("check", "--working-tree", "--repo", repo.toString(), "--report", html.toString(),
                "--report", xml.toString());
        assertEquals(1, check.exitCode(), "mail1 could not be checked: " + check);
        assertTrue(Files.size(html) > 5000 && Files.size(xml) > 1000, check.toString());

        JUnitSchema.validate(Files.readString(xml));

        assumeTrue(chromium, "no chromium on this machine");
        String dom = chromium("--dump-dom", html);
        assertTrue(dom.contains("<title>harden check: 6 host(s), 3 drifted, 1 failed</title>"), "the page's own title: "
                + dom);
        assertFalse(dom.contains("<script") || dom.contains("<img"), "host data did not become elements: " + dom);
        String text = text(dom);
        assertTrue(text.contains("Debian <script>document.title='owned'</script><img src=x> \\u202eevil"),
                "shown as text, the override visible: " + text);
        assertEquals("6", tile(dom, "hosts"));
        assertEquals("2", tile(dom, "s-findings"), "web1 and web2 applied: only the image roots' firewall warning");
        assertEquals("3", tile(dom, "s-drifted"));
        assertEquals("1", tile(dom, "s-failed"));
        assertEquals("0", tile(dom, "s-compliant"));
        List<String> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr data-host=\"([^\"]+)\" data-status=\"([a-z]+)\">").matcher(dom);
        while (row.find()) {
            rows.add(row.group(1) + " " + row.group(2));
        }
        assertEquals(List.of("db1 drifted", "mail1 failed", "web1 findings", "web2 findings", "web3 drifted",
                "web4 drifted"), rows);
        assertTrue(text.contains("differs: update /etc/ssh/sshd_config (content)"), text);
        assertTrue(text.contains("warning: no host firewall is installed"), text);
        assertTrue(text.contains("mail1: image root "), text);
        assertTrue(text.contains("Hosts by status, for the fleet and per module"), text);

        Path png = temp.resolve("report.png");
        chromium("--screenshot=" + png, html);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        assertEquals(900, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        int drifted = 0;
        int findings = 0;
        int failed = 0;
        int ink = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                drifted += near(rgb, 0xe16f24) ? 1 : 0;
                findings += near(rgb, 0xd4a72c) ? 1 : 0;
                failed += near(rgb, 0xcf222e) ? 1 : 0;
                ink += rgb != 0xffffff ? 1 : 0;
            }
        }
        assertTrue(colours.size() > 100, "text and a chart, not a blank page: " + colours.size() + " colours");
        assertTrue(ink > image.getWidth() * image.getHeight() / 20, "enough drawn: " + ink + " pixels");
        assertTrue(drifted > 2000 && findings > 1000 && failed > 300, "the chart's bars and the badges are drawn:"
                + " drifted " + drifted + ", findings " + findings + ", failed " + failed + " pixels");
    }

    /** The page as headless chromium renders it: no network (file:// only, background services off). */
    private String chromium(String what, Path html) throws Exception {
        Path profile = temp.resolve("chromium-profile");
        List<String> command = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1200,900",
                what, html.toUri().toString());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, process.exitValue(), "chromium " + what + ": " + out);
        return out;
    }

    private static String tile(String dom, String css) {
        Matcher m = Pattern.compile("<div class=\"tile " + css + "\" data-count=\"(\\d+)\"><span class=\"count\">(\\d+)"
                + "</span>").matcher(dom);
        assertTrue(m.find(), css + " in " + dom);
        assertEquals(m.group(1), m.group(2));
        return m.group(2);
    }

    /** The DOM's text, as a person reads it (tags dropped, entities decoded). */
    private static String text(String dom) {
        String body = dom.substring(dom.indexOf("<body"));
        return body.replaceAll("<[^>]*>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&nbsp;", " ").replace("&amp;", "&").replaceAll("[ \\t]+", " ");
    }

    private static boolean near(int rgb, int target) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xff) - ((target >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }
}
