package it.io.segmentindex;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operation history stays bounded: an operation that ended longer ago than the retention (30 days) is removed
 * with its items; a recent one and an unfinished one, however old, stay. The test servers check every second.
 */
class OperationRetentionIT {

    final Api api = new Api();

    @Test
    void operationsThatEndedBeforeTheRetentionAreRemovedWithTheirItems() throws Exception {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, RetrievalIT.CORPUS);
        List<String> segs = api.segmentIds(ds, doc);
        String base = "/api/v1/datasets/" + ds + "/segments/";
        String old = api.patch(base + segs.get(0) + "/disable").expect(202).json().getString("operation_id");
        String recent = api.patch(base + segs.get(1) + "/disable").expect(202).json().getString("operation_id");
        assertEquals("succeeded", api.awaitOperation(old).getString("state"));
        assertEquals("succeeded", api.awaitOperation(recent).getString("state"));
        api.slowWrites(ds, 4_000);
        String unfinished = api.patch(base + segs.get(2) + "/disable").expect(202).json().getString("operation_id");

        try (Connection db = Services.db()) {
            age(db, old, "created_at = now() - interval '32 days', finished_at = now() - interval '31 days'");
            age(db, recent, "created_at = now() - interval '30 days', finished_at = now() - interval '29 days'");
            age(db, unfinished, "created_at = now() - interval '40 days'");

            long deadline = System.nanoTime() + 30_000_000_000L;
            while (api.get("/api/v1/operations/" + old).status() != 404 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(404, api.get("/api/v1/operations/" + old).status(), "ended 31 days ago: removed");
            assertEquals(0, items(db, old), "with its items");
            assertEquals(200, api.get("/api/v1/operations/" + recent).status(), "ended 29 days ago: kept");
            assertEquals(1, items(db, recent));
            assertEquals(200, api.get("/api/v1/operations/" + unfinished).status(), "unfinished: kept, however old");
        } finally {
            api.faults(ds);
        }
        assertEquals("succeeded", api.awaitOperation(unfinished).getString("state"));
        String metrics = api.send("GET", "/metrics", null, Map.of("Accept", "text/plain")).expect(200).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("segment_index_operations_pruned_total")
                && !l.endsWith(" 0.0")), "counted on /metrics");
    }

    private static void age(Connection db, String operationId, String set) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("UPDATE operations SET " + set
                + " WHERE id = CAST(? AS uuid)")) {
            ps.setString(1, operationId);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static int items(Connection db, String operationId) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("SELECT COUNT(*) FROM operation_items"
                + " WHERE operation_id = CAST(? AS uuid)")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
