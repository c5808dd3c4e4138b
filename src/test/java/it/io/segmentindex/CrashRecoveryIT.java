package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server is killed with SIGKILL half-way through 2,000 disables; after a start every operation completes
 * and the reconciler finds the database and the index in agreement.
 */
class CrashRecoveryIT {

    final Api api = new Api();

    @Test
    void killedMidBatchThenRestartedLosesNothing() throws Exception {
        String ds = api.createDataset("economy");
        String doc = api.addLargeDocument(ds, 2000, i -> "crash test segment " + i + " word" + (i % 97));
        List<String> ids = api.segmentIds(ds, doc);
        assertEquals(2000, ids.size());
        // Slow index writes keep the batch in flight long enough to kill the server in the middle of it.
        api.faults(ds, "slow");
        List<String> ops = api.disableInBatches(ds, doc, ids);
        api.awaitJson("/api/v1/operations/" + ops.get(0), j -> j.getString("state").equals("running"));

        Servers.kill(Servers.MAIN);
        Servers.control(Servers.MAIN, "start");
        Servers.awaitReady(api);

        for (String op : ops) {
            JsonObject done = api.awaitJson("/api/v1/operations/" + op, j -> j.getString("state").equals("succeeded")
                    || j.getString("state").contains("failed"));
            assertEquals("succeeded", done.getString("state"), done.getJsonObject("counts").toString());
            assertEquals(1000, done.getJsonObject("counts").getInt("succeeded"));
        }
        assertEquals(0, api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments?enabled=true").json()
                .getInt("total"));
        JsonObject reconcile = api.reconcile(ds);
        assertEquals(0, reconcile.getInt("missing") + reconcile.getInt("extra"), "zero drift: " + reconcile);
        assertTrue(api.hitTest(ds, "word5", "full_text_search", 5).isEmpty());
    }
}
