package dev.harden.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The HTML report as text: self-contained (nothing it could load), host data escaped. How a
 * browser shows it: cli.CheckReportInChromiumTest.
 */
class HtmlReportTest {

    private final String html = HtmlReport.render(Reports.report());

    @Test
    void itLoadsNothingAndRunsNothing() {
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                + " style-src 'unsafe-inline'\">"), "the browser refuses any load even if something slipped in");
        String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").toLowerCase();
        for (String loads : new String[] {"<script", "<link", "<img", "<iframe", "<object", "<embed", " src=",
                "url(", "@import", "http://", "https://"}) {
            assertFalse(withoutSvgNamespace.contains(loads), "no " + loads + " in the page");
        }
        assertFalse(Pattern.compile("href=\"(?!#)").matcher(html).find(), "links only within the page");
    }

    @Test
    void hostDataIsEscapedAndShownVisibly() {
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &quot;quoted&quot; &#39;single&#39;"
                + " \\x1b[2J \\u202eevil \ufffd"), html);
        assertFalse(html.contains("\u001b") || html.contains("\u202e") || html.contains("\ud800"));
    }

    @Test
    void summaryMatrixAndDetails() {
        assertTrue(html.contains("<div class=\"tile hosts\" data-count=\"3\">"), html);
        assertTrue(html.contains("<div class=\"tile s-drifted\" data-count=\"1\">"), html);
        assertTrue(html.contains("<div class=\"tile s-failed\" data-count=\"1\">"), html);
        assertTrue(html.contains("<tr data-host=\"web1\" data-status=\"drifted\">"), html);
        assertTrue(html.contains("<td data-module=\"sshd\" data-status=\"drifted\"><span class=\"badge s-drifted\">"
                + "drifted</span></td>"), html);
        assertTrue(html.contains("<td class=\"none\" data-module=\"facts\">&mdash;</td>"), "web2 has no such row: " + html);
        assertTrue(html.contains("<li class=\"drift\"><span class=\"sev\">differs:</span> update /etc/ssh/sshd_config"
                + " (content)</li>"), html);
        assertEquals(1 + Reports.report().modules().size(), Pattern.compile("<g class=\"bar\"").matcher(html).results()
                .count(), "the fleet and each module: " + html);
    }

    @Test
    void exceptionsInForceAreShownUnderTheirHost() {
        int web1 = html.indexOf("data-host=\"web1\">\n<h2>");
        int exception = html.indexOf("<li class=\"exception\"><span class=\"sev warning\">exception in force:</span>"
                + " inc-4711 until 2026-11-22T08:00:01.500Z (1h 0m left; alice@laptop: INC-4711: debug the API &lt;script&gt;");
        assertTrue(web1 >= 0 && exception > web1 && exception < html.indexOf("data-host=\"web2\">\n<h2>"),
                "in web1's section, escaped: " + html);
        assertEquals(1, Pattern.compile("class=\"exception\"").matcher(html).results().count(), html);
    }
}
