package it.io.segmentindex;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch enable/disable: one index call per chunk, a result per requested id. */
class BatchToggleIT {

    final Api api = new Api();

    @Test
    void aThousandMixedIdsEachGetAResult() throws Exception {
        String ds = api.createDataset("economy");
        String[] texts = new String[900];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "segment number " + i + " about topic" + (i % 37) + " and item" + i;
        }
        String doc = addLargeDocument(ds, texts);
        String other = api.addDocument(ds, "another document entirely", "with its own segments");
        List<String> valid = segmentIds(ds, doc);
        assertEquals(900, valid.size());

        List<String> request = new ArrayList<>(valid);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            unknown.add(UUID.randomUUID().toString());
        }
        List<String> malformed = new ArrayList<>();
        for (int i = 0; i < 44; i++) {
            malformed.add("not-a-uuid-" + i);
        }
        // Stored as given, one statement for all items: none may end its array element early or read as NULL.
        malformed.addAll(List.of("{x}", "a\"b", "back\\slash", "null"));
        List<String> foreign = segmentIds(ds, other);
        request.addAll(unknown);
        request.addAll(malformed);
        request.addAll(foreign);
        Collections.shuffle(request, new Random(7));
        assertEquals(1000, request.size());

        var reply = api.patch(Api.batchPath(ds, doc, "disable", request)).expect(202);
        String op = reply.json().getString("operation_id");
        Map<String, String> results = results(reply.json().getJsonArray("results"));
        assertEquals(1000, results.size());
        valid.forEach(id -> assertEquals("queued", results.get(id), id));
        unknown.forEach(id -> assertEquals("not_found", results.get(id), id));
        malformed.forEach(id -> assertEquals("not_found", results.get(id), id));
        foreign.forEach(id -> assertEquals("not_found", results.get(id), "another document's segment " + id));

        JsonObject done = api.awaitJson("/api/v1/operations/" + op, j -> j.getString("state").equals("succeeded")
                || j.getString("state").contains("failed"));
        Map<String, String> stored = new HashMap<>();
        done.getJsonArray("items").getValuesAs(JsonObject.class)
                .forEach(i -> stored.put(i.getString("segment_id"), i.getString("state")));
        malformed.forEach(id -> assertEquals("skipped", stored.get(id), "stored as sent: " + id));
        assertEquals("succeeded", done.getString("state"), done.getJsonObject("counts").toString());
        assertEquals(900, done.getJsonObject("counts").getInt("succeeded"));
        assertEquals(100, done.getJsonObject("counts").getInt("skipped"));
        assertEquals(0, api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments?enabled=true").json()
                .getInt("total"));
        assertEquals(2, api.get("/api/v1/datasets/" + ds + "/documents/" + other + "/segments?enabled=true").json()
                .getInt("total"), "the other document's segments were not touched");
        assertTrue(api.hitTest(ds, "topic5", "full_text_search", 10).isEmpty(), "all gone from search");
        try (UnifiedJedis redis = Services.redis()) {
            for (String id : valid.subList(0, 50)) {
                assertFalse(redis.exists("segment_" + id + "_indexing"), "key released for " + id);
            }
        }
        assertIndexAgrees(ds, valid, false);

        // Re-enable half: already-enabled ones in the same call are reported, not silently dropped.
        List<String> half = new ArrayList<>(valid.subList(0, 450));
        half.add(foreign.get(0));
        var enable = api.patch(Api.batchPath(ds, doc, "enable", half)).expect(202).json();
        api.awaitJson("/api/v1/operations/" + enable.getString("operation_id"),
                j -> j.getString("state").equals("succeeded"));
        assertEquals(450, api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments?enabled=true").json()
                .getInt("total"));
        assertIndexAgrees(ds, valid, null);
        var again = api.patch(Api.batchPath(ds, doc, "enable", valid.subList(0, 3))).expect(200).json();
        assertEquals("already_enabled", results(again.getJsonArray("results")).get(valid.get(0)));
    }

    @Test
    void batchLimitsAndErrors() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "one", "two");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(UUID.randomUUID().toString());
        }
        assertError(api.patch(Api.batchPath(ds, doc, "disable", tooMany)), 400, "invalid_param",
                "At most 1000 ids per call; got 1001. Split the batch.");
        assertError(api.patch("/api/v1/datasets/" + ds + "/documents/" + doc + "/segment/disable"), 400,
                "invalid_param", "segment_id is required: give one or more ids.");
        assertError(api.patch(Api.batchPath(ds, doc, "delete", List.of(UUID.randomUUID().toString()))), 400,
                "invalid_action", "Invalid action.");
        assertError(api.patch(Api.batchPath(ds, UUID.randomUUID().toString(), "disable",
                List.of(UUID.randomUUID().toString()))), 404, "not_found", "Document not found.");
        try (UnifiedJedis redis = Services.redis()) {
            redis.setex("document_" + doc + "_indexing", 30, "1");
            assertError(api.patch(Api.batchPath(ds, doc, "disable", segmentIds(ds, doc))), 409, "document_indexing",
                    "Document is being indexed, please try again later.");
            redis.del("document_" + doc + "_indexing");
            String busy = segmentIds(ds, doc).get(0);
            redis.setex("segment_" + busy + "_indexing", 30, "other-operation");
            var json = api.patch(Api.batchPath(ds, doc, "disable", segmentIds(ds, doc))).expect(202).json();
            assertEquals("indexing_in_progress", results(json.getJsonArray("results")).get(busy));
            redis.del("segment_" + busy + "_indexing");
        }
    }

    private String addLargeDocument(String ds, String[] texts) {
        var segments = Json.createArrayBuilder();
        for (String t : texts) {
            segments.add(Json.createObjectBuilder().add("content", t));
        }
        String body = Json.createObjectBuilder().add("name", "big").add("segments", segments).build().toString();
        String id = api.post("/api/v1/datasets/" + ds + "/documents", body).expect(201).json().getString("id");
        api.awaitJson("/api/v1/datasets/" + ds + "/documents/" + id,
                j -> j.getString("indexing_status").equals("completed"));
        return id;
    }

    private List<String> segmentIds(String ds, String doc) {
        List<String> ids = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonObject p = api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments?limit=100&page=" + page)
                    .expect(200).json();
            p.getJsonArray("data").forEach(v -> ids.add(v.asJsonObject().getString("id")));
            if (!p.getBoolean("has_more")) {
                return ids;
            }
        }
    }

    /** The database and the index agree for each segment (expected: all in, all out, or null for "as the DB says"). */
    private void assertIndexAgrees(String ds, List<String> ids, Boolean expected) {
        for (String id : ids.subList(0, Math.min(ids.size(), 120))) {
            JsonObject s = api.get("/api/v1/datasets/" + ds + "/segments/" + id + "/index").expect(200).json();
            assertEquals(s.getBoolean("should_be_in_index"), s.getBoolean("in_index"), s.toString());
            if (expected != null) {
                assertEquals(expected, s.getBoolean("in_index"), s.toString());
            }
        }
    }

    static Map<String, String> results(JsonArray array) {
        Map<String, String> out = new HashMap<>();
        array.forEach(v -> out.put(v.asJsonObject().getString("segment_id"), v.asJsonObject().getString("result")));
        return out;
    }
}
