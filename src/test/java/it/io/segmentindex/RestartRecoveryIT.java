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
            crashAfterCommit(db, api.tenant, ds, doc, queuedSeg, queuedOp, "queued");
            crashAfterCommit(db, api.tenant, ds, doc, orphanSeg, orphanOp, "running");
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

    /** What the request transaction commits: the flip, the operation and its item. */
    private static void crashAfterCommit(Connection db, String tenant, String ds, String doc, String segment,
                                         String op, String state) throws Exception {
        long version;
        try (PreparedStatement flip = db.prepareStatement("UPDATE document_segments SET enabled = false,"
                + " disabled_at = now(), disabled_by = 'it-user', version = version + 1 WHERE id = CAST(? AS uuid)"
                + " RETURNING version")) {
            flip.setString(1, segment);
            var rs = flip.executeQuery();
            rs.next();
            version = rs.getLong(1);
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO operations (id, tenant_id, dataset_id,"
                + " document_id, action, scope, state, requested_by, total, attempts, lease_owner, lease_until,"
                + " created_at, started_at) VALUES (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid),"
                + " CAST(? AS uuid), 'disable', 'segment', ?, 'it-user', 1, ?, ?, ?, now() - interval '5 minutes', ?)")) {
            boolean running = state.equals("running");
            insert.setString(1, op);
            insert.setString(2, tenant);
            insert.setString(3, ds);
            insert.setString(4, doc);
            insert.setString(5, state);
            insert.setInt(6, running ? 1 : 0);
            insert.setString(7, running ? "dead-server/" + UUID.randomUUID() : null);
            insert.setObject(8, running ? java.time.OffsetDateTime.now().minusMinutes(1) : null);
            insert.setObject(9, running ? java.time.OffsetDateTime.now().minusMinutes(2) : null);
            insert.executeUpdate();
        }
        try (PreparedStatement item = db.prepareStatement("INSERT INTO operation_items (operation_id, position,"
                + " target_id, state, segment_version) VALUES (CAST(? AS uuid), 0, ?, 'queued', ?)")) {
            item.setString(1, op);
            item.setString(2, segment);
            item.setLong(3, version);
            item.executeUpdate();
        }
    }
}
