package it.io.segmentindex;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A graceful stop with work in flight: running tasks finish or hand their work back, the rest stays queued,
 * nothing is left claimed by the stopped server, and the next start completes everything.
 */
class GracefulShutdownIT {

    final Api api = new Api();

    @Test
    void queuedWorkSurvivesAStopAndCompletesAfterTheStart() throws Exception {
        String ds = api.createDataset("economy");
        String[] texts = new String[100];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "segment " + i + " about graceful stops";
        }
        String doc = api.addDocument(ds, texts);
        JsonArray segs = api.segments(ds, doc);
        // Every index write of this dataset now takes 4 s: the first round is still in its index call at the stop,
        // and the requests that came meanwhile are queued for the next.
        api.slowWrites(ds, 4000);
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < segs.size(); i++) {
            ops.add(api.patch("/api/v1/datasets/" + ds + "/segments/" + segs.getJsonObject(i).getString("id")
                    + "/disable").expect(202).json().getString("operation_id"));
        }

        Servers.control(Servers.MAIN, "stop");
        Map<String, Integer> states = new HashMap<>();
        try (Connection db = Services.db(); PreparedStatement ps = db.prepareStatement(
                "SELECT state, lease_owner FROM operations WHERE id = CAST(? AS uuid)")) {
            for (String op : ops) {
                ps.setString(1, op);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    states.merge(rs.getString(1), 1, Integer::sum);
                    if (rs.getString(1).equals("queued")) {
                        assertEquals(null, rs.getString(2), "handed back, not left claimed");
                    }
                }
            }
        } finally {
            Servers.control(Servers.MAIN, "start");
            Servers.awaitReady(api);
        }
        assertEquals(null, states.get("running"), "nothing left running: " + states);
        assertEquals(null, states.get("failed"), "nothing failed: " + states);
        assertTrue(states.getOrDefault("queued", 0) > 0, "the stop left work queued: " + states);

        for (String op : ops) {
            JsonObject done = api.awaitJson("/api/v1/operations/" + op, j -> j.getString("state").equals("succeeded")
                    || j.getString("state").contains("failed"));
            assertEquals("succeeded", done.getString("state"), done.toString());
        }
        for (int i = 0; i < segs.size(); i++) {
            JsonObject state = api.get("/api/v1/datasets/" + ds + "/segments/" + segs.getJsonObject(i).getString("id")
                    + "/index").expect(200).json();
            assertEquals(false, state.getBoolean("in_index"), state.toString());
        }
    }
}
