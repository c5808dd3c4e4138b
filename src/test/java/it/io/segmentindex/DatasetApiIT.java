package it.io.segmentindex;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicroShedTest
class DatasetApiIT {

    private final Api api = BlackBox.api();

    @Test
    void createsGetsAndListsDatasets() {
        var created = api.post("/api/v1/datasets",
                "{\"name\":\"handbook\",\"indexing_technique\":\"economy\",\"keyword_number\":5}").expect(201);
        String id = created.json().getString("id");
        assertTrue(created.header("Location").endsWith("/api/v1/datasets/" + id), created.header("Location"));
        assertEquals("economy", created.json().getString("indexing_technique"));
        assertEquals(5, created.json().getInt("keyword_number"));

        var got = api.get("/api/v1/datasets/" + id).expect(200).json();
        assertEquals("handbook", got.getString("name"));
        assertEquals("it-user", got.getString("created_by"));

        api.createDataset("high_quality");
        api.createDataset("high_quality");
        var page1 = api.get("/api/v1/datasets?page=1&limit=2").expect(200).json();
        assertEquals(3, page1.getInt("total"));
        assertEquals(2, page1.getJsonArray("data").size());
        assertTrue(page1.getBoolean("has_more"));
        var page2 = api.get("/api/v1/datasets?page=2&limit=2").expect(200).json();
        assertEquals(1, page2.getJsonArray("data").size());
        assertFalse(page2.getBoolean("has_more"));
    }

    @Test
    void highQualityDatasetsGetTheEmbeddingModel() {
        var json = api.post("/api/v1/datasets", "{\"name\":\"hq\"}").expect(201).json();
        assertEquals("high_quality", json.getString("indexing_technique"));
        assertEquals("all-MiniLM-L6-v2-q", json.getString("embedding_model"));
    }

    @Test
    void duplicateNameIsAConflict() {
        api.post("/api/v1/datasets", "{\"name\":\"same\"}").expect(201);
        var r = api.post("/api/v1/datasets", "{\"name\":\"same\"}").expect(409).json();
        assertEquals("dataset_name_duplicate", r.getString("code"));
        // Another tenant may use the name.
        BlackBox.api().post("/api/v1/datasets", "{\"name\":\"same\"}").expect(201);
    }

    @Test
    void badInputIsA400WithTheErrorShape() {
        assertError(api.post("/api/v1/datasets", "{\"name\":\"x\",\"indexing_technique\":\"fancy\"}"), 400,
                "invalid_param", "indexing_technique must be one of: high_quality, economy.");
        assertError(api.post("/api/v1/datasets", "{}"), 400, "invalid_param", "name is required.");
        assertError(api.post("/api/v1/datasets", "{\"name\":\"x\",\"keyword_number\":0}"), 400, "invalid_param",
                "keyword_number must be between 1 and 100.");
        assertError(api.post("/api/v1/datasets", "{\"name\":\"x\",\"embedding_model\":\"gpt\"}"), 400,
                "invalid_param", null);
        assertError(api.post("/api/v1/datasets", "{\"name\": "), 400, "invalid_json", null);
        assertError(api.post("/api/v1/datasets", "{\"name\": 12, \"keyword_number\": \"many\"}"), 400,
                "invalid_json", null);
        assertError(api.post("/api/v1/datasets", ""), 400, "invalid_json", null);
        assertError(api.get("/api/v1/datasets?page=zero"), 400, "invalid_param", "page must be an integer.");
        assertError(api.get("/api/v1/datasets?limit=1000"), 400, "invalid_param",
                "limit must be between 1 and 100.");
        assertError(api.send("POST", "/api/v1/datasets", "{\"name\":\"x\"}", Map.of("Content-Type", "text/plain")),
                415, "unsupported_media_type", null);
        assertEquals(0, api.get("/api/v1/datasets").json().getInt("total"), "bad requests created nothing");
    }

    @Test
    void oversizeBodyIs413() {
        String big = "{\"name\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}";
        assertError(api.post("/api/v1/datasets", big), 413, "request_too_large", null);
    }

    @Test
    void unknownIdsAndOtherTenantsAre404() {
        assertError(api.get("/api/v1/datasets/" + UUID.randomUUID()), 404, "not_found", "Dataset not found.");
        assertError(api.get("/api/v1/datasets/not-a-uuid"), 404, "not_found", "Dataset not found.");
        String id = api.createDataset("economy");
        assertError(BlackBox.api().get("/api/v1/datasets/" + id), 404, "not_found", "Dataset not found.");
        assertError(api.get("/api/v1/nothing-here"), 404, "not_found", null);
        assertError(api.send("DELETE", "/api/v1/datasets", null, Map.of()), 405, "method_not_allowed", null);
    }

    static void assertError(Api.Reply reply, int status, String code, String message) {
        assertEquals(status, reply.status(), () -> "body: " + reply.body());
        var json = Json.createReader(new java.io.StringReader(reply.body())).readObject();
        assertEquals(code, json.getString("code"), reply.body());
        assertEquals(status, json.getInt("status"), reply.body());
        assertFalse(json.getString("message").isBlank());
        if (message != null) {
            assertEquals(message, json.getString("message"));
        }
        assertFalse(reply.body().contains("Exception"), "no internals leak: " + reply.body());
        assertFalse(reply.body().contains("io.segmentindex"), "no internals leak: " + reply.body());
    }
}
