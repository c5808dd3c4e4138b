package it.io.segmentindex;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

import java.util.UUID;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicroShedTest
class DocumentApiIT {

    private final Api api = BlackBox.api();

    @Test
    void documentIsIndexedAndItsSegmentsCarryDifyFields() {
        String ds = api.createDataset("high_quality");
        JsonObject body = Json.createObjectBuilder().add("name", "faq").add("doc_form", "text_model")
                .add("segments", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("content", "Refunds are issued within 14 days.")
                                .add("keywords", Json.createArrayBuilder().add("refund").add("policy")))
                        .add(Json.createObjectBuilder().add("content", "Shipping to Norway takes five days.")))
                .build();
        var created = api.post("/api/v1/datasets/" + ds + "/documents", body.toString()).expect(201);
        String doc = created.json().getString("id");
        assertEquals("waiting", created.json().getString("indexing_status"));
        assertTrue(created.header("Location").endsWith("/documents/" + doc));

        JsonObject done = api.awaitJson("/api/v1/datasets/" + ds + "/documents/" + doc,
                j -> j.getString("indexing_status").equals("completed"));
        assertEquals(12, done.getInt("word_count"));
        assertNotNull(done.get("completed_at"));

        var segments = api.segments(ds, doc);
        assertEquals(2, segments.size());
        JsonObject first = segments.getJsonObject(0);
        assertEquals(1, first.getInt("position"));
        assertEquals("completed", first.getString("status"));
        assertTrue(first.getBoolean("enabled"));
        assertEquals(Json.createArrayBuilder().add("refund").add("policy").build(), first.getJsonArray("keywords"),
                "user keywords are kept as given");
        assertTrue(segments.getJsonObject(1).getJsonArray("keywords").size() > 0, "keywords are extracted");
        assertEquals(64, first.getString("index_node_hash").length());
        assertNotNull(first.getString("index_node_id"));
        assertEquals(0, first.getInt("hit_count"));
        assertEquals("it-user", first.getString("created_by"));

        String segmentId = first.getString("id");
        var one = api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments/" + segmentId).expect(200)
                .json();
        assertEquals("Refunds are issued within 14 days.", one.getString("content"));

        var list = api.get("/api/v1/datasets/" + ds + "/documents").expect(200).json();
        assertEquals(1, list.getInt("total"));
    }

    @Test
    void badDocumentsAreRejectedAndCreateNothing() {
        String ds = api.createDataset("high_quality");
        String path = "/api/v1/datasets/" + ds + "/documents";
        assertError(api.post(path, "{\"name\":\"d\",\"segments\":[]}"), 400, "invalid_param",
                "segments must hold at least one segment.");
        assertError(api.post(path, "{\"name\":\"d\",\"segments\":[{\"content\":\"  \"}]}"), 400, "invalid_param",
                "segments[0].content is required.");
        assertError(api.post(path, "{\"name\":\"d\",\"doc_form\":\"pdf\",\"segments\":[{\"content\":\"x\"}]}"),
                400, "invalid_param", null);
        assertError(api.post(path, "{\"name\":\"d\",\"segments\":{\"content\":\"x\"}}"), 400, "invalid_json",
                null);
        assertError(api.post(path, "{\"segments\":[{\"content\":\"x\"}]}"), 400, "invalid_param",
                "name is required.");
        assertEquals(0, api.get(path).json().getInt("total"));
    }

    @Test
    void unknownDocumentsAndSegmentsAre404() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "only segment");
        assertError(api.get("/api/v1/datasets/" + ds + "/documents/" + UUID.randomUUID()), 404, "not_found",
                "Document not found.");
        assertError(api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments/" + UUID.randomUUID()),
                404, "not_found", "Segment not found.");
        assertError(api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments/x"), 404, "not_found",
                "Segment not found.");
        assertError(api.post("/api/v1/datasets/" + UUID.randomUUID() + "/documents",
                "{\"name\":\"d\",\"segments\":[{\"content\":\"x\"}]}"), 404, "not_found", "Dataset not found.");
        // Another tenant sees nothing.
        assertError(BlackBox.api().get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments"), 404,
                "not_found", "Dataset not found.");
    }
}
