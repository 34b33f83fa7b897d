package dev.harden.module.runbook;

import dev.harden.facts.Exemption;
import dev.harden.module.DesiredSource;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.RunbookSection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a host's runbook: which commit hardened it, then each module's section (who may log
 * in and how, sudo, open ports, updates, confinement, ...), the exceptions in force, and how to get
 * an exception or roll back. It is made from the module input the plan uses, so it says what the
 * host is made to be; nothing in it changes between plans of an unchanged host (no clock, no
 * time left), so it never shows as drift.
 */
public final class Runbook {

    private Runbook() {
    }

    public static String text(ModuleInput input, List<Module> modules) {
        String host = input.hostName();
        DesiredSource source = input.source();
        StringBuilder text = new StringBuilder();
        String title = "harden runbook of " + host + ": read this before you change anything here";
        text.append(title).append('\n').append("=".repeat(title.length())).append("\n\n");
        text.append("This host is hardened by harden from ").append(commit(source))
                .append(source.subject().isEmpty() ? "" : ": \"" + source.subject() + "\"")
                .append(source.repository().isEmpty() ? "" : ",\nrepository " + source.repository()).append(".\n")
                .append("""
                        harden writes this file on every apply, from the same data as the change itself, so it
                        says what is hardened here; changes by hand to the files below are put back by harden.
                        When each change was made, and by whom: sudo harden-local history.
                        """);
        List<RunbookSection> sections = new ArrayList<>();
        for (Module module : modules) {
            sections.addAll(module.runbook(input));
        }
        sections.add(exceptions(input));
        sections.add(new RunbookSection("How to get an exception", List.of(
                "do not loosen a hardened setting by hand \"for now\": harden puts it back, and nobody knows it was",
                "ask for a time-boxed exception, from the controller: harden except -l " + host
                        + " --set 'firewall.allow+={port: 8080}' --for 2h --reason \"TICKET: why\"",
                "--set KEY=VALUE changes a setting, KEY+=VALUE adds to a list (any policy key); the exception is"
                        + " applied like any change, recorded here, and ends by itself, even without the controller",
                "harden except --extend " + host + " ID --for 1h moves its end; harden except --end " + host
                        + " ID ends it now",
                "an exception that weakens access (passwords, root login, sudo logging, the firewall's default)"
                        + " also needs --weaken-access, and is shown in red")));
        boolean console = sections.stream().anyMatch(s -> s.title().startsWith("From this console"));
        sections.add(new RunbookSection("How to roll back", List.of(
                "from the controller: harden history -l " + host + ", then harden rollback -l " + host
                        + " --to previous (or --to ID); it needs the inventory, not the Git server",
                console ? "from this console: sudo harden-local rollback --to previous (see below)"
                        : "from this console: harden-local is not installed on this host",
                "a rollback holds the host: harden release -l " + host + " lets apply and the watcher bring it"
                        + " back to Git")));
        for (RunbookSection section : order(sections)) {
            text.append('\n').append(section.title()).append('\n');
            for (String line : section.lines()) {
                text.append("  - ").append(line).append('\n');
            }
        }
        return text.toString();
    }

    /** The console's section goes with the ways to roll back, at the end. */
    private static List<RunbookSection> order(List<RunbookSection> sections) {
        List<RunbookSection> ordered = new ArrayList<>(sections.stream()
                .filter(s -> !s.title().startsWith("From this console")).toList());
        sections.stream().filter(s -> s.title().startsWith("From this console")).forEach(ordered::add);
        return ordered;
    }

    private static RunbookSection exceptions(ModuleInput input) {
        List<Exemption> active = input.facts().records().activeExemptions(Instant.now());
        List<String> lines = new ArrayList<>();
        for (Exemption exemption : active) {
            lines.add(exemption.id() + ": " + exemption.overlay() + " until " + exemption.until() + " ("
                    + exemption.by() + ": " + exemption.reason() + ")" + (exemption.weakensAccess()
                    ? "; WEAKENS ACCESS: " + String.join(", ", exemption.weakens()) : "") + "; it ends by itself");
        }
        if (lines.isEmpty()) {
            lines.add("none: this host is exactly as the commit above says");
        }
        return new RunbookSection("Exceptions in force", lines);
    }

    /** The login banner: a pointer to the runbook, and the exceptions in force. */
    public static String banner(ModuleInput input) {
        List<Exemption> active = input.facts().records().activeExemptions(Instant.now());
        String commit = commit(input.source());
        StringBuilder text = new StringBuilder("This host is hardened by harden (" + commit + ")."
                + " Read /etc/harden/README before you change anything;\n'sudo harden-local status' shows the last"
                + " change.\n");
        for (Exemption exemption : active) {
            text.append("Exception ").append(exemption.id()).append(" until ").append(exemption.until()).append(": ")
                    .append(exemption.overlay()).append(" (").append(exemption.reason()).append(")\n");
        }
        return text.toString();
    }

    /**
     * The commit in ten characters ("commit 0123456789"): never the ref it was reached by, so a saved
     * plan applied by commit id writes the same runbook as the plan of a branch.
     */
    private static String commit(DesiredSource source) {
        return source.commit().isEmpty() ? source.label()
                : "commit " + source.commit().substring(0, Math.min(10, source.commit().length()));
    }
}
