package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /operations/{id}?wait_ms=: one request that answers when the operation ends, instead of polling. */
class OperationWaitIT {

    final Api api = new Api();

    /** A disable whose index write takes {@code slowMs}. */
    record SlowDisable(String ds, String seg, String op) {
    }

    SlowDisable slowDisable(int slowMs) {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, RetrievalIT.CORPUS);
        String seg = api.segmentIds(ds, doc).get(0);
        if (slowMs > 0) {
            api.slowWrites(ds, slowMs);
        }
        String op = api.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/disable").expect(202).json()
                .getString("operation_id");
        return new SlowDisable(ds, seg, op);
    }

    @Test
    void aWaitAnswersWhenTheOperationEndsNotWhenItsTimeRunsOut() {
        SlowDisable d = slowDisable(1_500);
        String ds = d.ds();
        String seg = d.seg();
        String op = d.op();

        long t0 = System.nanoTime();
        JsonObject waited = api.get("/api/v1/operations/" + op + "?wait_ms=30000").expect(200).json();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals("succeeded", waited.getString("state"), "the answer came once the slow index write was done");
        assertEquals(1, waited.getJsonArray("items").size(), waited.toString());
        assertTrue(tookMs < 20_000, "it answered when the operation ended, not after the 30 s asked for: " + tookMs);
        assertFalse(api.get("/api/v1/datasets/" + ds + "/segments/" + seg + "/index").expect(200).json()
                .getBoolean("in_index"), "succeeded means out of the index");
        api.faults(ds);
    }

    @Test
    void aWaitThatRunsOutAnswersTheStateTheOperationHas() {
        SlowDisable d = slowDisable(1_500);
        String ds = d.ds();
        String op = d.op();

        long t0 = System.nanoTime();
        JsonObject waited = api.get("/api/v1/operations/" + op + "?wait_ms=400").expect(200).json();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertTrue(List.of("queued", "running").contains(waited.getString("state")), waited.toString());
        assertTrue(tookMs >= 400, "it waited the time asked for: " + tookMs);
        api.faults(ds);
        assertEquals("succeeded", api.awaitOperation(op).getString("state"));
    }

    /**
     * Waiting holds no admission place: with twenty waits of one tenant open (more than the server's places),
     * the same tenant's plain calls still get through. Past the tenant's share of waits, a call answers at once.
     */
    @Test
    void waitsHoldNoPlaceAndATenantsShareOfThemIsBounded() throws Exception {
        SlowDisable d = slowDisable(5_000);
        String ds = d.ds();
        String op = d.op();

        int waiters = 20;
        ExecutorService pool = Executors.newFixedThreadPool(waiters);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                answers.add(pool.submit(() -> api.get("/api/v1/operations/" + op + "?wait_ms=30000").expect(200)
                        .json().getString("state")));
            }
            List<String> early = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (early.size() < waiters - 16 && System.nanoTime() < deadline) {
                early.clear();
                answers.stream().filter(Future::isDone).forEach(f -> early.add(get(f)));
                Thread.sleep(50);
            }
            JsonObject plain = api.get("/api/v1/operations/" + op).expect(200).json();
            assertEquals("running", plain.getString("state"),
                    "a plain call of the same tenant answered while its waits were open");
            assertEquals(waiters - 16, early.size(), "past 16 open waits a tenant is answered at once: " + early);
            early.forEach(s -> assertEquals("running", s));
            api.faults(ds);
            List<String> states = new ArrayList<>();
            for (Future<String> f : answers) {
                states.add(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(16, states.stream().filter("succeeded"::equals).count(), states.toString());
        } finally {
            pool.shutdownNow();
        }
        String metrics = api.send("GET", "/metrics", null, Map.of("Accept", "text/plain")).expect(200).body();
        assertTrue(metrics.contains("route=\"/operations/{operation_id}?wait_ms\""),
                "a long poll is timed under a route of its own");
    }

    @Test
    void aBadWaitIsRefusedAsInvalid() {
        String op = slowDisable(0).op();
        for (String bad : List.of("-1", "30001")) {
            assertError(api.get("/api/v1/operations/" + op + "?wait_ms=" + bad), 400, "invalid_param",
                    "wait_ms must be between 0 and 30000.");
        }
        for (String bad : List.of("soon", "1e3")) {
            assertError(api.get("/api/v1/operations/" + op + "?wait_ms=" + bad), 400, "invalid_param",
                    "wait_ms must be an integer.");
        }
        assertEquals(404, api.get("/api/v1/operations/00000000-0000-4000-8000-000000000000?wait_ms=1000").status());
        api.awaitOperation(op);
    }

    private static String get(Future<String> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
