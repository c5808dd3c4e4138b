package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operations accepted before a crash are finished after a restart: the server is really stopped, the database
 * is left as a crash would leave it (flipped segments, operations queued or running under a dead lease, their
 * in-flight keys still set), and the server is started again.
 */
class RestartRecoveryIT {

    final Api api = new Api();

    @Test
    void queuedAndOrphanedOperationsCompleteAfterARestart() throws Exception {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "the first segment about apples", "the second segment about pears",
                "the third segment about plums");
        var segments = api.segments(ds, doc);
        String queuedSeg = segments.getJsonObject(0).getString("id");
        String orphanSeg = segments.getJsonObject(1).getString("id");
        String queuedOp = UUID.randomUUID().toString();
        String orphanOp = UUID.randomUUID().toString();

        Servers.control(Servers.MAIN, "stop");
        try (Connection db = Services.db(); UnifiedJedis redis = Services.redis()) {
            Outbox.committedDisable(db, api.tenant, ds, doc, queuedSeg, queuedOp, "queued");
            Outbox.committedDisable(db, api.tenant, ds, doc, orphanSeg, orphanOp, "running");
            redis.setex("segment_" + queuedSeg + "_indexing", 600, queuedOp);
            redis.setex("segment_" + orphanSeg + "_indexing", 600, orphanOp);
        } finally {
            Servers.control(Servers.MAIN, "start");
            Servers.awaitReady(api);
        }

        for (String[] pair : new String[][] {{queuedOp, queuedSeg}, {orphanOp, orphanSeg}}) {
            JsonObject op = api.awaitJson("/api/v1/operations/" + pair[0],
                    j -> j.getString("state").equals("succeeded"));
            assertEquals("succeeded", op.getJsonArray("items").getJsonObject(0).getString("state"));
            JsonObject state = api.get("/api/v1/datasets/" + ds + "/segments/" + pair[1] + "/index").expect(200).json();
            assertFalse(state.getBoolean("in_index"), "removed from the index after the restart: " + state);
            assertFalse(state.getBoolean("should_be_in_index"));
        }
        try (UnifiedJedis redis = Services.redis()) {
            assertNull(redis.get("segment_" + queuedSeg + "_indexing"));
            assertNull(redis.get("segment_" + orphanSeg + "_indexing"));
        }
        assertTrue(api.hitTest(ds, "apples", "full_text_search", 3).isEmpty());
        assertEquals(1, api.hitTest(ds, "plums", "full_text_search", 3).size());
    }
}
