package dev.harden.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.harden.HardenException;
import dev.harden.plan.PlanFile;
import dev.harden.plan.PlanFile.SavedChange;
import dev.harden.plan.PlanFile.SavedHost;
import dev.harden.plan.PlanFile.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A saved plan's file: {@link PlanFile} as a versioned JSON document (schemas/planfile.schema.json
 * describes it). Reading is strict about what it needs: a document of another kind, a newer format
 * or a missing or mistyped field is refused with one line naming the file and the field.
 */
public final class PlanFileJson {

    /** What the {@code kind} field of a plan file says. */
    public static final String KIND = "harden-plan-file";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static {
        MAPPER.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
    }

    private PlanFileJson() {
    }

    /** The file's text (ends with a newline). */
    public static String write(PlanFile plan) {
        try {
            return MAPPER.writeValueAsString(map(plan)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document as plain maps and lists (what {@link #write} prints; also {@code harden show --json}). */
    static Map<String, Object> map(PlanFile plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", plan.format());
        root.put("kind", KIND);
        root.put("harden_version", plan.hardenVersion());
        root.put("created", plan.created().toString());
        root.put("expires", plan.expires().map(Instant::toString).orElse(null));
        root.put("repo", plan.repo());
        root.put("ref", plan.ref());
        root.put("commit", plan.commit());
        root.put("signature", plan.signature().map(s -> {
            Map<String, Object> signature = new LinkedHashMap<>();
            signature.put("status", "trusted");
            signature.put("signer", s.signer());
            signature.put("key", s.key());
            return signature;
        }).orElse(null));
        root.put("hosts", plan.hosts().stream().map(PlanFileJson::host).toList());
        return root;
    }

    private static Map<String, Object> host(SavedHost host) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("host", host.host());
        map.put("target", host.target());
        map.put("error", host.error().orElse(null));
        map.put("facts_fingerprint", host.planned() ? host.factsFingerprint() : null);
        map.put("facts_used", host.factsUsed());
        map.put("changes", host.changes().stream().map(c -> {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("kind", c.kind());
            change.put("key", c.key());
            change.put("module", c.module());
            change.put("summary", c.summary());
            change.put("precondition", c.precondition());
            change.put("desired_digest", c.desiredDigest());
            return change;
        }).toList());
        return map;
    }

    /** Reads a plan file's text; {@code name} is how messages name the file. */
    public static PlanFile read(String name, String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new HardenException(name + ": not a harden plan file (not JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject() || !KIND.equals(root.path("kind").asText(null))) {
            throw new HardenException(name + ": not a harden plan file (harden plan --out FILE writes one)");
        }
        Reader in = new Reader(name);
        int format = in.integer(root, "format");
        if (format != PlanFile.FORMAT) {
            throw new HardenException(name + ": plan file format " + format + ", but this harden reads format "
                    + PlanFile.FORMAT + "; make the plan with this harden, or apply it with the harden that made it");
        }
        List<SavedHost> hosts = new ArrayList<>();
        for (JsonNode host : in.array(root, "hosts")) {
            hosts.add(in.host(host));
        }
        try {
            return new PlanFile(format, in.text(root, "harden_version"), in.instant(root, "created"),
                    in.optionalText(root, "expires").map(t -> in.instant(root, "expires")), in.text(root, "repo"),
                    in.text(root, "ref"), in.text(root, "commit"), in.signature(root), hosts);
        } catch (IllegalArgumentException e) {
            throw new HardenException(name + ": damaged plan file: " + e.getMessage());
        }
    }

    /** Field access with messages that name the file and the field. */
    private record Reader(String name) {

        SavedHost host(JsonNode node) {
            String host = text(node, "host");
            Optional<String> error = optionalText(node, "error");
            TreeMap<String, String> facts = new TreeMap<>();
            JsonNode used = node.get("facts_used");
            if (used == null || !used.isObject()) {
                throw missing("facts_used", "an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = used.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> fact = it.next();
                if (!fact.getValue().isTextual()) {
                    throw missing("facts_used." + fact.getKey(), "a string");
                }
                facts.put(fact.getKey(), fact.getValue().asText());
            }
            List<SavedChange> changes = new ArrayList<>();
            for (JsonNode change : array(node, "changes")) {
                changes.add(new SavedChange(text(change, "kind"), text(change, "key"), text(change, "module"),
                        text(change, "summary"), text(change, "precondition"), text(change, "desired_digest")));
            }
            try {
                return new SavedHost(host, text(node, "target"), error.isPresent() ? ""
                        : text(node, "facts_fingerprint"), facts, changes, error);
            } catch (IllegalArgumentException e) {
                throw new HardenException(name + ": damaged plan file: " + e.getMessage());
            }
        }

        Optional<Signature> signature(JsonNode root) {
            JsonNode node = root.get("signature");
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (!"trusted".equals(text(node, "status"))) {
                throw missing("signature.status", "\"trusted\"");
            }
            return Optional.of(new Signature(text(node, "signer"), text(node, "key")));
        }

        String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual()) {
                throw missing(field, "a string");
            }
            return value.asText();
        }

        Optional<String> optionalText(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(text(node, field));
        }

        int integer(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isInt()) {
                throw missing(field, "an integer");
            }
            return value.asInt();
        }

        Iterable<JsonNode> array(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isArray()) {
                throw missing(field, "a list");
            }
            return value;
        }

        Instant instant(JsonNode node, String field) {
            String text = text(node, field);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw missing(field, "a time like 2026-11-22T08:00:00Z");
            }
        }

        private HardenException missing(String field, String what) {
            return new HardenException(name + ": damaged plan file: '" + field + "' must be " + what);
        }
    }
}
