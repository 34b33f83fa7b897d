package dev.harden.module;

import java.util.List;

/** One section of a host's runbook: a title ("Who may log in, and how") and its lines. */
public record RunbookSection(String title, List<String> lines) {

    public RunbookSection {
        lines = List.copyOf(lines);
    }
}
