package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.harden.source.SignedRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every --json document of plan, check, apply, rollback, status, history and show, from real runs
 * on image roots, validates against the JSON Schema shipped for it in schemas/ (draft 2020-12,
 * with format assertions on): a healthy host, and one whose image root is missing, so each
 * document's error shape is checked too.
 */
class JsonSchemasCliTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    @TempDir
    Path temp;

    private SignedRepo git;
    private String repo;

    @BeforeEach
    void repository() throws IOException {
        git = SignedRepo.create(temp.resolve("schemas"));
        Path work = Cli.exampleRepo(git.work);
        Files.writeString(work.resolve("inventory/broken.yaml"), """
                hosts:
                  broken:
                    transport: local
                    root: inventory/images/missing
                """);
        git.commitUnsigned("the example and a host whose image root is missing");
        repo = work.toString();
    }

    @AfterEach
    void close() throws IOException {
        git.close();
    }

    static JsonSchema schema(String name) {
        return FACTORY.getSchema(SchemaLocation.of(Path.of("schemas", name).toAbsolutePath().toUri().toString()),
                CONFIG);
    }

    static void assertValid(String schema, String document) {
        Set<ValidationMessage> errors = schema(schema).validate(document, InputFormat.JSON);
        assertTrue(errors.isEmpty(), schema + ": " + errors + "\n" + document);
    }

    private String json(int exitCode, String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(exitCode, result.exitCode(), result.toString());
        assertFalse(result.out().isBlank(), result.toString());
        return result.out();
    }

    @Test
    void everyDocumentValidatesAgainstItsSchema() {
        assertValid("plan.schema.json", json(1, "plan", "--repo", repo, "--json"));
        assertValid("plan.schema.json", json(1, "check", "--repo", repo, "--json"));
        assertValid("status.schema.json", json(1, "status", "--repo", repo, "--json"));
        String apply = json(1, "apply", "--repo", repo, "--auto-approve", "--json");
        assertTrue(apply.contains("\"status\" : \"applied\""), apply);
        assertValid("apply.schema.json", apply);
        assertValid("plan.schema.json", json(1, "plan", "--repo", repo, "--json"));
        assertValid("status.schema.json", json(1, "status", "--repo", repo, "--json"));
        assertValid("history.schema.json", json(1, "history", "--repo", repo, "--limit", "golden-image,broken",
                "--json"));
        assertValid("apply.schema.json", json(0, "rollback", "--repo", repo, "--limit", "golden-image", "--to",
                "previous", "--auto-approve", "--json"));
        assertValid("history.schema.json", json(0, "history", "--repo", repo, "--limit", "golden-image", "--json"));
    }

    @Test
    void aSavedPlanValidatesAgainstItsSchema() throws IOException {
        Path planFile = temp.resolve("plan.json");
        Cli.Result plan = Cli.run("plan", "--repo", repo, "--out", planFile.toString(), "--expires", "1d");
        assertEquals(1, plan.exitCode(), "the broken host fails: " + plan);
        assertValid("planfile.schema.json", Files.readString(planFile));
        assertValid("planfile.schema.json", json(0, "show", planFile.toString(), "--json"));
        String applied = json(1, "apply", planFile.toString(), "--json");
        assertTrue(applied.contains("not in the saved plan, because it could not be planned then"), applied);
        assertValid("apply.schema.json", applied);
    }

    @Test
    void theSchemasRejectWhatTheyDoNotDescribe() {
        String plan = json(1, "plan", "--repo", repo, "--json");
        assertFalse(schema("plan.schema.json").validate(plan.replaceFirst("\"format\" : 1", "\"format\" : 2"),
                InputFormat.JSON).isEmpty(), "another format");
        assertFalse(schema("plan.schema.json").validate(plan.replaceFirst("\"notes\"", "\"remarks\""),
                InputFormat.JSON).isEmpty(), "an unknown field");
        assertFalse(schema("status.schema.json").validate("[]", InputFormat.JSON).isEmpty(), "not an object");
        assertTrue(plan.contains("\"status\" : \"changes\""), plan);
        assertFalse(schema("plan.schema.json").validate(plan.replaceFirst("\"status\" : \"changes\"",
                "\"status\" : \"changed\""), InputFormat.JSON).isEmpty(),
                "a host's status, defined in common.schema.json");
    }

    @Test
    void eachSchemaIsItselfValidJsonSchema() throws IOException {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        try (var files = Files.list(Path.of("schemas"))) {
            for (Path file : files.toList()) {
                Set<ValidationMessage> errors = meta.validate(Files.readString(file), InputFormat.JSON);
                assertTrue(errors.isEmpty(), file + ": " + errors);
            }
        }
    }
}
