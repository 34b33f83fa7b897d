package dev.harden.report;

import static dev.harden.report.Markup.attribute;
import static dev.harden.report.Markup.text;

import dev.harden.module.Finding;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * A check as one self-contained HTML page for people: a summary (tiles and a bar chart of hosts
 * by status, for the fleet and per module), a matrix of hosts by modules, and per host what
 * differs and what each module found. Inline CSS and an inline SVG chart; no script, no font,
 * no image, no link outside the page, and a Content-Security-Policy that forbids loading any, so
 * the page shows the same offline, from a mail or from a CI artifact, and host data in it can
 * never run or fetch anything.
 */
public final class HtmlReport {

    private static final int BAR_WIDTH = 560;
    private static final int ROW_HEIGHT = 30;
    private static final List<Status> ORDER = List.of(Status.COMPLIANT, Status.FINDINGS, Status.DRIFTED, Status.FAILED);

    private static final String STYLE = """
            :root { --compliant: #2da44e; --findings: #d4a72c; --drifted: #e16f24; --failed: #cf222e;
              --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; }
            * { box-sizing: border-box; }
            body { margin: 0; padding: 24px 32px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
              color: var(--ink); background: #fff; }
            h1 { font-size: 24px; margin: 0 0 4px; }
            h2 { font-size: 18px; margin: 0 0 4px; }
            .source, .meta { color: var(--muted); margin: 0 0 16px; }
            .tiles { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
            .tile { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 130px;
              border-top: 4px solid var(--muted); }
            .tile .count { display: block; font-size: 28px; font-weight: 600; }
            .tile.s-compliant { border-top-color: var(--compliant); }
            .tile.s-findings { border-top-color: var(--findings); }
            .tile.s-drifted { border-top-color: var(--drifted); }
            .tile.s-failed { border-top-color: var(--failed); }
            figure { margin: 8px 0 24px; }
            figcaption { color: var(--muted); margin-bottom: 6px; }
            table { border-collapse: collapse; margin: 8px 0 24px; }
            th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
            th { background: var(--soft); font-weight: 600; }
            .badge { display: inline-block; border-radius: 10px; padding: 0 8px; color: #fff; font-size: 12px;
              font-weight: 600; white-space: nowrap; }
            .badge.s-compliant { background: var(--compliant); }
            .badge.s-findings { background: var(--findings); color: #1f2328; }
            .badge.s-drifted { background: var(--drifted); }
            .badge.s-failed { background: var(--failed); }
            .none { color: var(--muted); }
            .host { border-top: 1px solid var(--line); padding-top: 16px; margin-top: 8px; }
            .error { color: var(--failed); white-space: pre-wrap; }
            ul { margin: 0; padding-left: 18px; }
            li { white-space: pre-wrap; overflow-wrap: anywhere; }
            .sev { font-weight: 600; }
            .sev.warning { color: #9a6700; }
            .sev.info { color: var(--muted); }
            footer { color: var(--muted); margin-top: 24px; font-size: 12px; }
            """;

    private HtmlReport() {
    }

    public static String render(FleetReport report) {
        StringBuilder html = new StringBuilder(16_384);
        long drifted = report.count(Status.DRIFTED);
        long failed = report.count(Status.FAILED);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src")
                .append(" 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(text("harden check: " + report.hosts().size() + " host(s), " + drifted
                        + " drifted, " + failed + " failed")).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<header>\n<h1>harden check</h1>\n<p class=\"source\">").append(text(report.source()))
                .append(" &middot; checked ").append(text(report.generatedAt().truncatedTo(ChronoUnit.SECONDS)
                        .toString())).append("</p>\n</header>\n");
        summary(html, report);
        matrix(html, report);
        details(html, report);
        html.append("<footer>harden check &middot; a self-contained page: it loads nothing</footer>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static void summary(StringBuilder html, FleetReport report) {
        html.append("<section id=\"summary\">\n<div class=\"tiles\">\n");
        tile(html, "hosts", "Hosts", report.hosts().size());
        tile(html, "s-compliant", "Compliant", report.count(Status.COMPLIANT));
        tile(html, "s-findings", "With findings", report.count(Status.FINDINGS));
        tile(html, "s-drifted", "Drifted", report.count(Status.DRIFTED));
        tile(html, "s-failed", "Failed", report.count(Status.FAILED));
        html.append("</div>\n");
        chart(html, report);
        html.append("</section>\n");
    }

    private static void tile(StringBuilder html, String css, String label, long count) {
        html.append("<div class=\"tile ").append(css).append("\" data-count=\"").append(count).append("\">")
                .append("<span class=\"count\">").append(count).append("</span>").append(label).append("</div>\n");
    }

    /** Horizontal stacked bars: the fleet's hosts by status, then each module's hosts by status. */
    private static void chart(StringBuilder html, FleetReport report) {
        int rows = 1 + report.modules().size();
        int height = rows * ROW_HEIGHT + 34;
        html.append("<figure id=\"chart\">\n<figcaption>Hosts by status, for the fleet and per module</figcaption>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"hosts by status\"")
                .append(" width=\"")
                .append(140 + BAR_WIDTH + 60).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(140 + BAR_WIDTH + 60).append(' ').append(height).append("\">\n");
        long[] fleet = ORDER.stream().mapToLong(report::count).toArray();
        bar(html, 0, "fleet", fleet);
        int row = 1;
        for (String module : report.modules()) {
            long[] counts = ORDER.stream().mapToLong(s -> report.count(module, s)).toArray();
            bar(html, row++, module, counts);
        }
        int legendY = rows * ROW_HEIGHT + 14;
        int x = 140;
        for (Status status : ORDER) {
            html.append("<rect x=\"").append(x).append("\" y=\"").append(legendY - 10).append("\" width=\"12\"")
                    .append(" height=\"12\" fill=\"").append(colour(status)).append("\"/>")
                    .append("<text x=\"").append(x + 16).append("\" y=\"").append(legendY)
                    .append("\" font-size=\"12\" fill=\"#59636e\">").append(status.word()).append("</text>\n");
            x += 110;
        }
        html.append("</svg>\n</figure>\n");
    }

    private static void bar(StringBuilder html, int row, String label, long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        int y = row * ROW_HEIGHT + 4;
        html.append("<g class=\"bar\" data-label=\"").append(attribute(label)).append("\">")
                .append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"13\" fill=\"#1f2328\">")
                .append(text(label)).append("</text>");
        if (total == 0) {
            html.append("<rect x=\"140\" y=\"").append(y).append("\" width=\"").append(BAR_WIDTH)
                    .append("\" height=\"20\" fill=\"#f6f8fa\" stroke=\"#d1d9e0\"/></g>\n");
            return;
        }
        double x = 140;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double width = BAR_WIDTH * (double) counts[i] / total;
            Status status = ORDER.get(i);
            html.append("<rect x=\"").append(format(x)).append("\" y=\"").append(y).append("\" width=\"")
                    .append(format(width)).append("\" height=\"20\" fill=\"").append(colour(status))
                    .append("\"><title>").append(counts[i]).append(' ').append(status.word()).append("</title></rect>");
            if (width >= 24) {
                html.append("<text x=\"").append(format(x + width / 2)).append("\" y=\"").append(y + 15)
                        .append("\" font-size=\"12\" text-anchor=\"middle\" fill=\"")
                        .append(status == Status.FINDINGS ? "#1f2328" : "#ffffff").append("\">").append(counts[i])
                        .append("</text>");
            }
            x += width;
        }
        html.append("<text x=\"").append(140 + BAR_WIDTH + 8).append("\" y=\"").append(y + 15)
                .append("\" font-size=\"12\" fill=\"#59636e\">").append(total).append("</text></g>\n");
    }

    private static void matrix(StringBuilder html, FleetReport report) {
        html.append("<section id=\"hosts\">\n<h2>Hosts and modules</h2>\n<table id=\"matrix\">\n<thead><tr>")
                .append("<th>Host</th><th>Status</th>");
        report.modules().forEach(m -> html.append("<th>").append(text(m)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        int index = 0;
        for (HostReport host : report.hosts()) {
            html.append("<tr data-host=\"").append(attribute(host.host())).append("\" data-status=\"")
                    .append(host.status().word()).append("\"><td><a href=\"#host-").append(index++).append("\">")
                    .append(text(host.host())).append("</a></td><td>").append(badge(host.status())).append("</td>");
            if (host.status() == Status.FAILED) {
                html.append("<td class=\"error\" colspan=\"").append(Math.max(1, report.modules().size())).append("\">")
                        .append(text(host.error())).append("</td>");
            } else {
                for (String module : report.modules()) {
                    ModuleReport m = host.module(module);
                    html.append(m == null ? "<td class=\"none\" data-module=\"" + attribute(module) + "\">&mdash;</td>"
                            : "<td data-module=\"" + attribute(module) + "\" data-status=\"" + m.status().word()
                            + "\">" + badge(m.status()) + "</td>");
                }
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private static void details(StringBuilder html, FleetReport report) {
        html.append("<section id=\"details\">\n");
        int index = 0;
        for (HostReport host : report.hosts()) {
            html.append("<section class=\"host\" id=\"host-").append(index++).append("\" data-host=\"")
                    .append(attribute(host.host())).append("\">\n<h2>").append(text(host.host())).append(' ')
                    .append(badge(host.status())).append("</h2>\n<p class=\"meta\">").append(text(host.target()));
            if (!host.facts().isEmpty()) {
                html.append(" &middot; ").append(text(host.facts()));
            }
            html.append("</p>\n");
            if (host.status() == Status.FAILED) {
                html.append("<p class=\"error\">").append(text(host.error())).append("</p>\n</section>\n");
                continue;
            }
            if (!host.exceptions().isEmpty()) {
                html.append("<ul class=\"exceptions\">");
                host.exceptions().forEach(e -> html.append("<li class=\"exception\"><span class=\"sev warning\">"
                        + "exception in force:</span> ").append(text(e)).append("</li>"));
                html.append("</ul>\n");
            }
            html.append("<table class=\"modules\">\n<thead><tr><th>Module</th><th>Status</th><th>Drifted and found")
                    .append("</th></tr></thead>\n<tbody>\n");
            for (ModuleReport module : host.modules()) {
                html.append("<tr data-module=\"").append(attribute(module.module())).append("\"><td>")
                        .append(text(module.module())).append("</td><td>").append(badge(module.status()))
                        .append("</td><td>");
                if (module.drifted().isEmpty() && module.findings().isEmpty()) {
                    html.append("<span class=\"none\">matches the desired state</span>");
                } else {
                    html.append("<ul>");
                    module.drifted().forEach(d -> html.append("<li class=\"drift\"><span class=\"sev\">differs:</span>")
                            .append(' ').append(text(d)).append("</li>"));
                    for (Finding finding : module.findings()) {
                        String severity = finding.severity().name().toLowerCase(Locale.ROOT);
                        html.append("<li class=\"finding ").append(severity).append("\"><span class=\"sev ")
                                .append(severity).append("\">").append(severity).append(":</span> ")
                                .append(text(finding.message())).append("</li>");
                    }
                    html.append("</ul>");
                }
                html.append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n</section>\n");
        }
        html.append("</section>\n");
    }

    private static String badge(Status status) {
        return "<span class=\"badge s-" + status.word() + "\">" + status.word() + "</span>";
    }

    private static String colour(Status status) {
        return switch (status) {
            case COMPLIANT -> "#2da44e";
            case FINDINGS -> "#d4a72c";
            case DRIFTED -> "#e16f24";
            case FAILED -> "#cf222e";
        };
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
