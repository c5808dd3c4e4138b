package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A document whose indexer died (another replica, killed mid-indexing) is taken over by the running server's
 * sweep once that indexer's lease runs out, with no restart; while the lease is alive it is left alone.
 */
class IngestionTakeoverIT {

    final Api api = new Api();

    @Test
    void orphanedIndexingIsTakenOverAfterItsLeaseRunsOut() throws Exception {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "quinces ripen late in autumn", "medlars are eaten bletted");
        String path = "/api/v1/datasets/" + ds + "/documents/" + doc;
        OffsetDateTime firstCompleted = OffsetDateTime.parse(api.get(path).json().getString("completed_at"));

        // As a replica that died while indexing leaves it: indexing, under its lease, which still runs 6 s.
        try (Connection db = Services.db();
             PreparedStatement document = db.prepareStatement("UPDATE documents SET indexing_status = 'indexing',"
                     + " indexing_owner = 'dead-replica/1', indexing_lease_until = now() + interval '6 seconds'"
                     + " WHERE id = CAST(? AS uuid)");
             PreparedStatement segments = db.prepareStatement("UPDATE document_segments SET status = 'indexing'"
                     + " WHERE document_id = CAST(? AS uuid)")) {
            document.setString(1, doc);
            assertEquals(1, document.executeUpdate());
            segments.setString(1, doc);
            assertEquals(2, segments.executeUpdate());
        }
        long leased = System.nanoTime();

        // The test server sweeps every 2 s: at least one sweep passes while the lease is alive.
        Api.sleep(3000);
        if ((System.nanoTime() - leased) / 1_000_000 < 5000) {
            assertEquals("indexing", api.get(path).json().getString("indexing_status"), "a live lease is respected");
        }
        JsonObject done = api.awaitJson(path, j -> j.getString("indexing_status").equals("completed"));
        assertTrue(OffsetDateTime.parse(done.getString("completed_at")).isAfter(firstCompleted),
                "indexed again by this server: " + done);
        api.segments(ds, doc).forEach(s -> assertEquals("completed", s.asJsonObject().getString("status")));
        assertEquals(1, api.hitTest(ds, "medlars", "full_text_search", 3).size());
    }
}
