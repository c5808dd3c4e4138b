package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.util.Map;
import java.util.UUID;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-segment enable/disable against the real server, PostgreSQL, Redis and Lucene index. */
class ToggleIT {

    static UnifiedJedis redis;
    final Api api = new Api();

    @BeforeAll
    static void connect() {
        redis = Services.redis();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    record Fixture(String dataset, String document, String segment, String content) {
    }

    Fixture fixture(String technique) {
        String ds = api.createDataset(technique);
        String doc = api.addDocument(ds, RetrievalIT.CORPUS);
        JsonObject seg = api.segments(ds, doc).getJsonObject(1);
        return new Fixture(ds, doc, seg.getString("id"), seg.getString("content"));
    }

    @Test
    void disableTakesTheSegmentOutOfSearchAndEnablePutsItBack() {
        Fixture f = fixture("high_quality");
        assertTrue(indexState(f).getBoolean("in_index"));

        var reply = api.patch("/api/v1/datasets/" + f.dataset + "/segments/" + f.segment + "/disable").expect(202);
        String op = reply.json().getString("operation_id");
        assertEquals("success", reply.json().getString("result"));
        assertTrue(reply.header("Location").endsWith("/api/v1/operations/" + op), reply.header("Location"));
        JsonObject done = api.awaitOperation(op);
        assertEquals("succeeded", done.getString("state"));
        JsonObject item = done.getJsonArray("items").getJsonObject(0);
        assertEquals("succeeded", item.getString("state"));
        assertEquals(1, item.getInt("attempts"));
        assertTrue(item.getJsonNumber("latency_ms").doubleValue() >= 0);

        JsonObject seg = segment(f);
        assertFalse(seg.getBoolean("enabled"));
        assertEquals("it-user", seg.getString("disabled_by"));
        assertFalse(seg.isNull("disabled_at"));
        assertEquals("it-user", seg.getString("updated_by"));
        JsonObject state = indexState(f);
        assertFalse(state.getBoolean("in_index"), "gone from the index");
        assertFalse(state.getBoolean("should_be_in_index"));
        assertNotFound(f, "Which organelle generates energy in cells?");
        assertNull(redis.get("segment_" + f.segment + "_indexing"), "in-flight key released");

        String op2 = api.patch("/api/v1/datasets/" + f.dataset + "/segments/" + f.segment + "/enable").expect(202)
                .json().getString("operation_id");
        assertEquals("succeeded", api.awaitOperation(op2).getString("state"));
        seg = segment(f);
        assertTrue(seg.getBoolean("enabled"));
        assertTrue(seg.isNull("disabled_at") && seg.isNull("disabled_by"));
        assertTrue(indexState(f).getBoolean("in_index"));
        RetrievalIT.assertTop(api.hitTest(f.dataset, "Which organelle generates energy in cells?", "semantic_search",
                3), "Mitochondria");
    }

    @Test
    void aRequestForTheCurrentStateChangesNothing() {
        Fixture f = fixture("economy");
        int version = segment(f).getInt("version");
        var json = api.patch("/api/v1/datasets/" + f.dataset + "/segments/" + f.segment + "/enable").expect(200)
                .json();
        assertEquals("unchanged", json.getString("outcome"));
        assertTrue(json.isNull("operation_id"));
        assertEquals(version, segment(f).getInt("version"), "no write happened");
    }

    @Test
    void errorsAreClearAndChangeNothing() {
        Fixture f = fixture("economy");
        int version = segment(f).getInt("version");
        String base = "/api/v1/datasets/" + f.dataset + "/segments/";
        assertError(api.patch(base + UUID.randomUUID() + "/disable"), 404, "not_found", "Segment not found.");
        assertError(api.patch(base + "nope/disable"), 404, "not_found", "Segment not found.");
        assertError(api.patch("/api/v1/datasets/" + UUID.randomUUID() + "/segments/" + f.segment + "/disable"), 404,
                "not_found", "Dataset not found.");
        assertError(api.patch(base + f.segment + "/archive"), 400, "invalid_action", "Invalid action.");
        assertError(new Api().patch(base + f.segment + "/disable"), 404, "not_found", "Dataset not found.");

        redis.setex("segment_" + f.segment + "_indexing", 30, "someone-else");
        assertError(api.patch(base + f.segment + "/disable"), 409, "segment_indexing",
                "Segment is being indexed, please try again later.");
        assertEquals("someone-else", redis.get("segment_" + f.segment + "_indexing"), "another's key is left alone");
        redis.del("segment_" + f.segment + "_indexing");

        redis.setex("document_" + f.document + "_indexing", 30, "1");
        assertError(api.patch(base + f.segment + "/disable"), 409, "document_indexing", null);
        redis.del("document_" + f.document + "_indexing");

        JsonObject seg = segment(f);
        assertTrue(seg.getBoolean("enabled"), "nothing changed");
        assertEquals(version, seg.getInt("version"), "no write happened");
    }

    @Test
    void aSegmentThatIsNotCompletedCannotBeToggled() {
        String ds = api.createDataset("economy");
        api.faults(ds, "upsert");
        var body = "{\"name\":\"d\",\"segments\":[{\"content\":\"never indexed\"}]}";
        String doc = api.post("/api/v1/datasets/" + ds + "/documents", body).expect(201).json().getString("id");
        JsonObject d = api.awaitJson("/api/v1/datasets/" + ds + "/documents/" + doc,
                j -> j.getString("indexing_status").equals("error"));
        assertTrue(d.getString("error").contains("injected"), d.toString());
        api.faults(ds);
        String seg = api.segments(ds, doc).getJsonObject(0).getString("id");
        assertError(api.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/disable"), 409,
                "segment_not_completed", "Segment is not completed, enable or disable is not allowed.");
    }

    @Test
    void aFailedDisableReEnablesTheSegmentAndRecordsTheError() {
        Fixture f = fixture("economy");
        api.faults(f.dataset, "delete");
        String op = api.patch("/api/v1/datasets/" + f.dataset + "/segments/" + f.segment + "/disable").expect(202)
                .json().getString("operation_id");
        JsonObject done = api.awaitOperation(op);
        api.faults(f.dataset);
        assertEquals("failed", done.getString("state"));
        JsonObject item = done.getJsonArray("items").getJsonObject(0);
        assertEquals("failed", item.getString("state"));
        assertTrue(item.getString("error").contains("injected index fault"), item.toString());
        assertEquals(3, item.getInt("attempts"), "first try plus two retries");
        assertTrue(done.getString("error").contains("injected"));

        JsonObject seg = segment(f);
        assertTrue(seg.getBoolean("enabled"), "re-enabled by the fallback");
        assertTrue(seg.isNull("disabled_at") && seg.isNull("disabled_by"), "no stale disable fields");
        assertTrue(indexState(f).getBoolean("in_index"));
        assertNull(redis.get("segment_" + f.segment + "_indexing"), "key released after a failure too");
        RetrievalIT.assertTop(api.hitTest(f.dataset, "mitochondria energy", "full_text_search", 1), "Mitochondria");
    }

    @Test
    void aFailedEnableMarksTheSegmentErrorAndALaterEnableClearsIt() {
        Fixture f = fixture("economy");
        String base = "/api/v1/datasets/" + f.dataset + "/segments/" + f.segment;
        api.awaitOperation(api.patch(base + "/disable").expect(202).json().getString("operation_id"));
        api.faults(f.dataset, "upsert");
        JsonObject failed = api.awaitOperation(api.patch(base + "/enable").expect(202).json().getString("operation_id"));
        api.faults(f.dataset);
        assertEquals("failed", failed.getString("state"));
        JsonObject seg = segment(f);
        assertFalse(seg.getBoolean("enabled"));
        assertEquals("error", seg.getString("status"));
        assertTrue(seg.getString("error").contains("injected"), seg.toString());
        assertFalse(seg.isNull("disabled_at"));
        assertNull(redis.get("segment_" + f.segment + "_indexing"));

        JsonObject ok = api.awaitOperation(api.patch(base + "/enable").expect(202).json().getString("operation_id"));
        assertEquals("succeeded", ok.getString("state"));
        seg = segment(f);
        assertTrue(seg.getBoolean("enabled"));
        assertEquals("completed", seg.getString("status"));
        assertTrue(seg.isNull("error"));
        assertTrue(indexState(f).getBoolean("in_index"));
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameOperation() {
        Fixture f = fixture("economy");
        String path = "/api/v1/datasets/" + f.dataset + "/segments/" + f.segment + "/disable";
        String key = UUID.randomUUID().toString();
        var first = api.send("PATCH", path, null, Map.of("Idempotency-Key", key));
        assertEquals(202, first.status(), first.body());
        var again = api.send("PATCH", path, null, Map.of("Idempotency-Key", key));
        assertEquals(202, again.status(), again.body());
        assertEquals(first.json().getString("operation_id"), again.json().getString("operation_id"));
        api.awaitOperation(first.json().getString("operation_id"));
        assertNotEquals(202, api.patch(path).status(), "without the key it is just already disabled");
    }

    @Test
    void racingTogglesEndWithIndexAndDatabaseInAgreement() throws Exception {
        Fixture f = fixture("economy");
        String base = "/api/v1/datasets/" + f.dataset + "/segments/" + f.segment + "/";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                var a = pool.submit(() -> api.patch(base + "disable").status());
                var b = pool.submit(() -> api.patch(base + "enable").status());
                int sa = a.get();
                int sb = b.get();
                assertTrue(isAnswer(sa) && isAnswer(sb), sa + " " + sb);
            }
        } finally {
            pool.shutdown();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (redis.exists("segment_" + f.segment + "_indexing") && System.nanoTime() < deadline) {
            Api.sleep(50);
        }
        Api.sleep(300);
        JsonObject state = indexState(f);
        assertEquals(state.getBoolean("should_be_in_index"), state.getBoolean("in_index"), state.toString());
    }

    private static boolean isAnswer(int status) {
        return status == 200 || status == 202 || status == 409;
    }



    JsonObject segment(Fixture f) {
        return api.get("/api/v1/datasets/" + f.dataset + "/documents/" + f.document + "/segments/" + f.segment)
                .expect(200).json();
    }

    JsonObject indexState(Fixture f) {
        return api.get("/api/v1/datasets/" + f.dataset + "/segments/" + f.segment + "/index").expect(200).json();
    }

    void assertNotFound(Fixture f, String query) {
        var records = api.hitTest(f.dataset, query, "semantic_search", 6);
        for (int i = 0; i < records.size(); i++) {
            assertNotEquals(f.segment, records.getJsonObject(i).getJsonObject("segment").getString("id"));
        }
        assertEquals(5, records.size(), "top_k filled with the other segments");
    }
}
