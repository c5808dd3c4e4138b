package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work that runs for three times its lease (6 s in the test server) on a live server keeps its lease: the
 * heartbeat renews it, so the sweep never claims it a second time. With the renewal broken, the sweep claims the
 * running operation again after one lease (attempts 2, two runs at once) and indexes a document twice.
 */
class LeasesIT {

    static final int LEASE_SECONDS = Integer.getInteger("it.operations.lease-seconds", 6);

    final Api api = new Api();

    @Test
    void anOperationLongerThanThreeLeasesIsClaimedOnce() {
        String ds = api.createDataset("economy");
        String doc = api.addLargeDocument(ds, 1000, i -> "segment number " + i + " of a long batch");
        List<String> ids = api.segmentIds(ds, doc);
        // Two index calls of 500 segments; each takes 1.6 leases, under the index call's 15 s timeout.
        int slow = LEASE_SECONDS * 1600;
        api.slowWrites(ds, slow);
        ServerLog log = ServerLog.mark();
        long start = System.nanoTime();
        String op = api.disableInBatches(ds, doc, ids).get(0);
        JsonObject done = api.awaitOperation(op);
        long took = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        api.faults(ds);
        String summary = done.getString("state") + ", attempts " + done.getInt("attempts") + ", " + done.get("error");
        assertEquals("succeeded", done.getString("state"), summary);
        assertTrue(took >= 3L * LEASE_SECONDS, "ran for three leases: " + took + " s");
        assertEquals(1, done.getInt("attempts"), () -> "claimed once: " + summary);
        assertEquals(List.of(), renewalWarnings(log));
    }

    @Test
    void aDocumentIndexedForLongerThanThreeLeasesIsIndexedOnce() {
        String ds = api.createDataset("economy");
        // Ingestion loads 256 segments per call: three calls of 1.2 leases each.
        api.slowWrites(ds, LEASE_SECONDS * 1200);
        ServerLog log = ServerLog.mark();
        long start = System.nanoTime();
        String doc = api.addLargeDocument(ds, 3 * 256, i -> "a slowly indexed segment, number " + i);
        long took = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        api.faults(ds);
        assertTrue(took >= 3L * LEASE_SECONDS, "ran for three leases: " + took + " s");
        Pattern indexed = Pattern.compile("Document " + doc + " indexed");
        assertEquals(1, log.lines().stream().filter(l -> indexed.matcher(l).find()).count(),
                "indexed by one run");
        assertEquals(List.of(), renewalWarnings(log));
    }

    static List<String> renewalWarnings(ServerLog log) {
        return log.lines().stream().filter(l -> l.contains("Lease renewal failed")).toList();
    }
}
