package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No in-flight marker outlives its operation: one left behind by an ended operation (its release lost to a Redis
 * blip or a crash) neither blocks a toggle nor stays in Redis; one of a running operation is left alone.
 */
class MarkersIT {

    final Api api = new Api();

    @Test
    void aMarkerOfAnEndedOperationDoesNotBlockTheNextToggle() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "marker one", "marker two");
        String seg = api.segments(ds, doc).getJsonObject(0).getString("id");
        String ended = api.patch(toggle(ds, seg, "disable")).expect(202).json().getString("operation_id");
        assertEquals("succeeded", api.awaitOperation(ended).getString("state"));
        try (UnifiedJedis redis = Services.redis()) {
            // As if the release after the operation had been lost.
            redis.set("segment_" + seg + "_indexing", ended, SetParams.setParams().ex(600));
            double before = cleaned();
            JsonObject accepted = api.patch(toggle(ds, seg, "enable")).expect(202).json();
            assertTrue(cleaned() >= before + 1, "counted in segment_index_stale_markers_cleaned_total");
            api.awaitOperation(accepted.getString("operation_id"));
            assertNull(redis.get("segment_" + seg + "_indexing"), "the new operation's marker is released too");
        }
    }

    @Test
    void theSweepRemovesMarkersLeftBehindAndKeepsLiveOnes() throws Exception {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "sweep one", "sweep two");
        String seg = api.segments(ds, doc).getJsonObject(0).getString("id");
        String ended = api.patch(toggle(ds, seg, "disable")).expect(202).json().getString("operation_id");
        api.awaitOperation(ended);
        String ofEnded = "segment_" + UUID.randomUUID() + "_indexing";
        String neverRecordedLongAgo = "document_" + UUID.randomUUID() + "_indexing";
        String neverRecordedJustNow = "segment_" + UUID.randomUUID() + "_indexing";
        try (UnifiedJedis redis = Services.redis()) {
            redis.set(ofEnded, ended, SetParams.setParams().ex(600));
            // Held for 100 s (TTL 600 - 500) by an id no request ever committed: its request is long over.
            redis.set(neverRecordedLongAgo, UUID.randomUUID().toString(), SetParams.setParams().ex(500));
            redis.set(neverRecordedJustNow, UUID.randomUUID().toString(), SetParams.setParams().ex(600));
            long deadline = System.nanoTime() + 15_000_000_000L;
            while ((redis.exists(ofEnded) || redis.exists(neverRecordedLongAgo)) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(!redis.exists(ofEnded), "the marker of an ended operation is swept");
            assertTrue(!redis.exists(neverRecordedLongAgo), "a marker no request recorded is swept after a minute");
            assertTrue(redis.exists(neverRecordedJustNow), "a marker whose request may still commit is kept");
            redis.del(neverRecordedJustNow);
        }
    }

    @Test
    void theMarkerOfARunningOperationIsKept() throws Exception {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "running one", "running two");
        String seg = api.segments(ds, doc).getJsonObject(0).getString("id");
        api.slowWrites(ds, 6000);
        try (UnifiedJedis redis = Services.redis()) {
            String op = api.patch(toggle(ds, seg, "disable")).expect(202).json().getString("operation_id");
            Thread.sleep(4000); // two sweeps
            assertEquals(op, redis.get("segment_" + seg + "_indexing"));
            assertEquals(409, api.patch(toggle(ds, seg, "enable")).status(), "still in flight");
            api.faults(ds);
            api.awaitOperation(op);
        }
    }

    static String toggle(String ds, String seg, String action) {
        return "/api/v1/datasets/" + ds + "/segments/" + seg + "/" + action;
    }

    double cleaned() {
        Matcher m = Pattern.compile("(?m)^segment_index_stale_markers_cleaned_total\\{[^}]*} ([0-9.eE+-]+)")
                .matcher(api.metrics());
        assertTrue(m.find(), "the counter is exported");
        return Double.parseDouble(m.group(1));
    }
}
