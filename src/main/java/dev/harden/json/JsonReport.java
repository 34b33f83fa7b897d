package dev.harden.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.harden.apply.HostApplyResult;
import dev.harden.engine.HostHistory;
import dev.harden.engine.HostStatus;
import dev.harden.facts.Hold;
import dev.harden.module.Finding;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostOutcome;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.resource.State;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans and apply results as JSON for machines (CI, dashboards). A stable shape built from
 * maps, so internal records can change without breaking consumers; sensitive content never
 * appears (the plan's diff already replaces it). Every document is an object whose
 * {@code format} says its version ({@value #FORMAT}); schemas/ in the repository holds a JSON
 * Schema for each (plan and check, apply and rollback, status, history), which the tests check
 * real output against. A change that breaks a consumer raises the format.
 */
public final class JsonReport {

    /** The version of the documents' shape. */
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    static {
        MAPPER.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
    }

    private JsonReport() {
    }

    public static String plan(Plan plan) {
        return write(planMap(plan));
    }

    public static String apply(Plan plan, List<HostApplyResult> results) {
        Map<String, Object> root = planMap(plan);
        root.put("results", results.stream().map(JsonReport::result).toList());
        return write(root);
    }

    public static String status(List<HostStatus> statuses) {
        return write(document("hosts", statuses.stream().map(s -> {
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("host", s.host());
            host.put("target", s.target());
            host.put("error", s.error());
            host.put("applied_commit", s.appliedCommit().orElse(null));
            host.put("generation", s.generation().orElse(null));
            host.put("hold", s.hold().map(JsonReport::hold).orElse(null));
            host.put("drifted", s.drifted());
            host.put("last_problem", s.lastProblem().orElse(null));
            return host;
        }).toList()));
    }

    private static Map<String, Object> document(String key, Object value) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put(key, value);
        return root;
    }

    private static Map<String, Object> hold(Hold hold) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("by", hold.by());
        map.put("reason", hold.reason());
        map.put("since", hold.since().toString());
        map.put("until", hold.until().map(Object::toString).orElse(null));
        map.put("active", hold.activeAt(java.time.Instant.now()));
        return map;
    }

    public static String history(List<HostHistory> histories) {
        return write(document("hosts", histories.stream().map(h -> {
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("host", h.host());
            host.put("error", h.error());
            host.put("generations", h.generations().stream().map(g -> {
                Map<String, Object> generation = new LinkedHashMap<>(g.meta());
                generation.put("id", g.id());
                generation.put("changes", g.entries().stream().map(e -> Map.of("kind", e.id().kind().word(),
                        "key", e.path(), "module", e.module(), "existed_before", e.existed(), "summary", e.summary()))
                        .toList());
                if (g.problem() != null) {
                    generation.put("problem", g.problem());
                }
                return generation;
            }).toList());
            return host;
        }).toList()));
    }

    private static Map<String, Object> planMap(Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("commit", plan.commit());
        root.put("source", plan.source());
        root.put("notes", plan.notes());
        root.put("changes", plan.hasChanges());
        root.put("hosts", plan.hosts().stream().map(JsonReport::host).toList());
        return root;
    }

    private static Map<String, Object> host(HostOutcome outcome) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("host", outcome.host());
        host.put("target", outcome.target());
        if (outcome instanceof HostPlan plan) {
            host.put("status", plan.hasChanges() ? "changes" : "unchanged");
            host.put("facts", plan.facts());
            host.put("changes", plan.changes().stream().map(JsonReport::change).toList());
            host.put("summary", plan.notes().stream().map(n -> Map.of("module", n.module(), "change", n.text()))
                    .toList());
            host.put("findings", plan.findings().stream().map(JsonReport::finding).toList());
            host.put("applied_commit", plan.records().appliedCommit().orElse(null));
            host.put("hold", plan.records().hold().map(JsonReport::hold).orElse(null));
        } else if (outcome instanceof HostFailure failure) {
            host.put("status", "error");
            host.put("error", failure.message());
        }
        return host;
    }

    private static Map<String, Object> change(Change change) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("module", change.module());
        map.put("kind", change.id().kind().word());
        map.put("key", change.id().key());
        map.put("summary", change.summary());
        boolean removes = change.summary().startsWith("remove") || change.summary().startsWith("purge");
        map.put("action", removes ? "remove" : change.before() instanceof State.Absent ? "create" : "update");
        if (change.desired() instanceof FileResource file) {
            map.put("path", file.path());
            if (!file.absent()) {
                map.put("mode", String.format("%04o", file.mode()));
                map.put("owner", file.owner() + ":" + file.group());
            }
        }
        map.put("sensitive", change.sensitive());
        map.put("diff", change.diff());
        map.put("reload", change.affectsServices() ? change.desired().reloads().stream().map(r -> r.describe()).toList()
                : List.of());
        return map;
    }

    private static Map<String, Object> finding(Finding finding) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("severity", finding.severity().name().toLowerCase());
        map.put("module", finding.module());
        map.put("message", finding.message());
        return map;
    }

    private static Map<String, Object> result(HostApplyResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("host", result.host());
        map.put("status", result.status().name().toLowerCase());
        map.put("generation", result.generation());
        map.put("steps", result.steps());
        map.put("reloaded", result.reloaded());
        map.put("findings", result.findings().stream().map(JsonReport::finding).toList());
        map.put("error", result.error());
        return map;
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
