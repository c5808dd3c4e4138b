package it.io.segmentindex;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reconciler finds drift made behind the service's back, and repairs it; reindex keeps search online. */
class ReconcileIT {

    final Api api = new Api();

    @Test
    void driftInBothDirectionsIsFoundAndRepaired() throws Exception {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, DocumentStatusIT.FRUIT);
        JsonArray segs = api.segments(ds, doc);
        String extra = segs.getJsonObject(0).getString("id");
        String missing = segs.getJsonObject(1).getString("id");
        String inFlight = segs.getJsonObject(2).getString("id");
        awaitOp(api.patch("/api/v1/datasets/" + ds + "/segments/" + missing + "/disable").expect(202).json());

        setEnabled(extra, false);
        setEnabled(missing, true);
        setEnabled(inFlight, false);
        assertEquals(true, indexState(ds, extra).getBoolean("in_index"));
        assertEquals(false, indexState(ds, missing).getBoolean("in_index"));

        try (UnifiedJedis redis = Services.redis()) {
            redis.setex("segment_" + inFlight + "_indexing", 60, "a-toggle-in-flight");
            JsonObject run = awaitOp(api.post("/api/v1/datasets/" + ds + "/reconcile", "").expect(202).json());
            assertEquals("reconcile", run.getString("action"));
            assertEquals("succeeded", run.getString("state"));
            assertEquals(1, run.getInt("missing"));
            assertEquals(2, run.getInt("extra"), "the in-flight segment's node counts as drift");
            assertEquals(2, run.getInt("repaired"), "but is left to its own toggle");
            assertTrue(indexState(ds, inFlight).getBoolean("in_index"));
            assertEquals("a-toggle-in-flight", redis.get("segment_" + inFlight + "_indexing"));
            redis.del("segment_" + inFlight + "_indexing");
        }
        for (String id : new String[] {extra, missing}) {
            JsonObject state = indexState(ds, id);
            assertEquals(state.getBoolean("should_be_in_index"), state.getBoolean("in_index"), state.toString());
        }
        assertEquals(1, api.hitTest(ds, "pears", "full_text_search", 3).size(), "the missing one is back");

        JsonObject again = awaitOp(api.post("/api/v1/datasets/" + ds + "/reconcile", "").expect(202).json());
        assertEquals(0, again.getInt("missing"));
        assertEquals(1, again.getInt("extra"), "only the segment that was in flight, now repaired");
        JsonObject clean = awaitOp(api.post("/api/v1/datasets/" + ds + "/reconcile", "").expect(202).json());
        assertEquals(0, clean.getInt("missing") + clean.getInt("extra"), "zero drift");

        String metrics = api.metrics();
        assertTrue(Pattern.compile("segment_index_repairs_total\\{[^}]*} [1-9]").matcher(metrics).find(), metrics);
        assertTrue(Pattern.compile("segment_index_drift_segments\\{[^}]*} ").matcher(metrics).find());
    }

    @Test
    void reindexRebuildsFromTheDatabaseWhileSearchStaysOnline() throws Exception {
        String ds = api.createDataset("high_quality");
        api.addDocument(ds, RetrievalIT.CORPUS);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        AtomicInteger empty = new AtomicInteger();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> searcher = pool.submit(() -> {
            while (running.get()) {
                searches.incrementAndGet();
                if (api.hitTest(ds, "energy in cells", "semantic_search", 3).isEmpty()) {
                    empty.incrementAndGet();
                }
            }
        });
        try {
            JsonObject run = awaitOp(api.post("/api/v1/datasets/" + ds + "/reindex", "").expect(202).json());
            assertEquals("succeeded", run.getString("state"));
            assertEquals(0, run.getInt("missing") + run.getInt("extra"));
        } finally {
            running.set(false);
            searcher.get();
            pool.shutdown();
        }
        assertTrue(searches.get() > 0);
        assertEquals(0, empty.get(), "no search came back empty during the rebuild");
        RetrievalIT.assertTop(api.hitTest(ds, "Which organelle generates energy in cells?", "semantic_search", 3),
                "Mitochondria");
        assertFalse(api.post("/api/v1/datasets/" + java.util.UUID.randomUUID() + "/reindex", "").status() == 202);
    }

    private static void setEnabled(String segment, boolean enabled) throws Exception {
        try (Connection db = Services.db(); PreparedStatement ps = db.prepareStatement(
                "UPDATE document_segments SET enabled = ?, version = version + 1 WHERE id = CAST(? AS uuid)")) {
            ps.setBoolean(1, enabled);
            ps.setString(2, segment);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private JsonObject awaitOp(JsonObject accepted) {
        return api.awaitOperation(accepted.getString("operation_id"));
    }

    private JsonObject indexState(String ds, String segment) {
        return api.get("/api/v1/datasets/" + ds + "/segments/" + segment + "/index").expect(200).json();
    }
}
