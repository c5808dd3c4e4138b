package it.io.segmentindex;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served OpenAPI document says what the wire does: the field names it documents are the ones the API writes,
 * in snake_case; every call declares the bearer scheme, a success and its errors. The document is also saved to
 * {@code target/openapi.json}, where CI lints it (Redocly, recommended rules).
 */
class OpenApiIT {

    private static JsonObject doc;
    private final Api api = new Api();

    @BeforeAll
    static void fetch() throws IOException {
        Api.Reply reply = Api.anonymous().get("/openapi?format=JSON").expect(200);
        doc = Json.createReader(new StringReader(reply.body())).readObject();
        Files.writeString(Path.of(System.getProperty("openapi.out", "target/openapi.json")), reply.body());
    }

    @Test
    void everyCallAsksForABearerTokenThatTheDocumentDescribes() {
        JsonObject scheme = doc.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearer");
        assertEquals("http", scheme.getString("type"));
        assertEquals("bearer", scheme.getString("scheme"));
        assertTrue(doc.getJsonArray("security").getJsonObject(0).containsKey("bearer"), doc.get("security").toString());
    }

    @Test
    void everyCallDocumentsASuccessAndItsErrors() {
        List<String> missing = new ArrayList<>();
        doc.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, op) -> {
            Set<String> codes = op.asJsonObject().getJsonObject("responses").keySet();
            if (codes.stream().noneMatch(c -> c.startsWith("2")) || !codes.contains("401")
                    || codes.stream().noneMatch(c -> c.startsWith("4") && !c.equals("401"))) {
                missing.add(method + " " + path + " " + codes);
            }
        }));
        assertEquals(List.of(), missing);
    }

    @Test
    void everyDocumentedFieldIsSnakeCase() {
        List<String> camel = new ArrayList<>();
        doc.getJsonObject("components").getJsonObject("schemas").forEach((name, schema) -> {
            JsonObject props = schema.asJsonObject().getJsonObject("properties");
            if (props != null) {
                props.keySet().stream().filter(p -> !p.matches("[a-z][a-z0-9_]*")).forEach(p -> camel.add(name + "." + p));
            }
        });
        assertEquals(List.of(), camel);
    }

    @Test
    void theDocumentedFieldsAreTheOnesTheApiWrites() {
        String dataset = api.createDataset("economy");
        String document = api.addDocument(dataset, "One segment about the tides.");
        String segment = api.segmentIds(dataset, document).get(0);
        JsonObject toggled = api.patch("/api/v1/datasets/" + dataset + "/segments/" + segment + "/disable")
                .expect(202).json();
        JsonObject operation = api.awaitOperation(toggled.getString("operation_id"));

        assertSameFields(api.get("/api/v1/datasets/" + dataset).expect(200).json(),
                "/api/v1/datasets/{dataset_id}", "get", "200");
        assertSameFields(api.get("/api/v1/datasets/" + dataset + "/documents/" + document).expect(200).json(),
                "/api/v1/datasets/{dataset_id}/documents/{document_id}", "get", "200");
        assertSameFields(toggled, "/api/v1/datasets/{dataset_id}/segments/{segment_id}/{action}", "patch", "202");
        assertSameFields(operation, "/api/v1/operations/{operation_id}", "get", "200");
        assertSameFields(api.get("/api/v1/datasets/" + dataset + "/segments/" + segment + "/index").expect(200)
                .json(), "/api/v1/datasets/{dataset_id}/segments/{segment_id}/index", "get", "200");
    }

    /** The fields of the answer are exactly those the document gives for it, nested objects included. */
    private static void assertSameFields(JsonObject answer, String path, String method, String status) {
        JsonObject op = doc.getJsonObject("paths").getJsonObject(path).getJsonObject(method);
        JsonObject schema = op.getJsonObject("responses").getJsonObject(status).getJsonObject("content")
                .getJsonObject("application/json").getJsonObject("schema");
        compare(answer, schema, method + " " + path);
    }

    private static void compare(JsonObject answer, JsonObject schema, String where) {
        JsonObject resolved = resolve(schema);
        if (!resolved.containsKey("properties") && resolved.containsKey("additionalProperties")) {
            return; // a map (e.g. counts by state): its keys are data, not field names
        }
        JsonObject props = resolved.getJsonObject("properties");
        assertFalse(props == null, where + ": no properties documented");
        assertEquals(new TreeSet<>(props.keySet()), new TreeSet<>(answer.keySet()), where);
        for (Map.Entry<String, JsonValue> field : answer.entrySet()) {
            JsonObject fieldSchema = resolve(props.getJsonObject(field.getKey()));
            if (field.getValue() instanceof JsonObject nested) {
                compare(nested, fieldSchema, where + "." + field.getKey());
            } else if (field.getValue().getValueType() == JsonValue.ValueType.ARRAY
                    && !field.getValue().asJsonArray().isEmpty()
                    && field.getValue().asJsonArray().get(0) instanceof JsonObject first
                    && fieldSchema.containsKey("items")) {
                compare(first, fieldSchema.getJsonObject("items"), where + "." + field.getKey() + "[]");
            }
        }
    }

    private static JsonObject resolve(JsonObject schema) {
        if (schema.containsKey("$ref")) {
            String name = schema.getString("$ref").substring("#/components/schemas/".length());
            return resolve(doc.getJsonObject("components").getJsonObject("schemas").getJsonObject(name));
        }
        if (schema.containsKey("allOf")) {
            return resolve(schema.getJsonArray("allOf").getJsonObject(0));
        }
        return schema;
    }
}
