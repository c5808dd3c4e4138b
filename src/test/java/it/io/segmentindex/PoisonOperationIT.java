package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operation whose every run kills the server (here a test-only index probe halts the JVM at its first index
 * write of the dataset; in production an out-of-memory error) is resumed after each restart, but only until it has
 * been claimed three times: then it is failed with gave_up_after_attempts, its disable is undone, and the server
 * stays up. The start-up repair of the dataset, which dies the same way after each unclean stop, obeys the same
 * rule. Without it the server would die at every start: a crash loop.
 */
class PoisonOperationIT {

    static final int MAX_ATTEMPTS = 3;

    final Api api = new Api();

    @Test
    void anOperationThatKillsTheServerIsGivenUpAndTheServerStaysUp() throws Exception {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "poison one", "poison two");
        String seg = api.segments(ds, doc).getJsonObject(0).getString("id");
        Path halt = Servers.outputDir(Servers.MAIN).resolve("halt-on-index-write").resolve(ds);
        Files.createDirectories(halt.getParent());
        Files.writeString(halt, "halt");
        int restarts = 0;
        String op;
        try {
            op = api.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/disable").expect(202).json()
                    .getString("operation_id");
            long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            // A supervisor's restart loop: the disable dies at its index write, and so does the start-up repair
            // of the dataset after each unclean stop. Each may be claimed three times, no more.
            while (!(isFinal(op) && Servers.process(Servers.MAIN).isPresent() && ready())) {
                assertTrue(System.nanoTime() < deadline, "the operation never ended");
                if (Servers.process(Servers.MAIN).isEmpty()) {
                    restarts++;
                    assertTrue(restarts <= 2 * MAX_ATTEMPTS, "halted " + restarts + " times: a crash loop");
                    Servers.restart(Servers.MAIN);
                }
                Thread.sleep(200);
            }
        } finally {
            Files.deleteIfExists(halt);
        }
        JsonObject done = api.awaitOperation(op);
        System.out.printf("PoisonOperationIT: the server was halted %d times; operation %s %s after %d claims%n",
                restarts, op, done.getString("state"), done.getInt("attempts"));
        assertTrue(restarts >= MAX_ATTEMPTS, "halted at each claim of the disable: " + restarts);
        assertEquals("failed", done.getString("state"));
        assertEquals(MAX_ATTEMPTS, done.getInt("attempts"));
        assertTrue(done.getString("error").startsWith("gave_up_after_attempts"), done.getString("error"));
        assertEquals("gave_up_after_attempts", done.getJsonArray("items").getJsonObject(0).getString("reason"));
        assertTrue(api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments/" + seg).expect(200).json()
                .getBoolean("enabled"), "the disable that never reached the index is undone");
        assertTrue(systemReconcileAttempts(ds) <= MAX_ATTEMPTS, "the start-up repair obeys the same rule");

        Thread.sleep(3 * 2000); // three sweeps: nothing resumes either of them again
        assertTrue(Servers.process(Servers.MAIN).isPresent(), "the server stays up");
        assertEquals(200, api.get("/health/ready").status());
        assertEquals(ds, api.get("/api/v1/datasets/" + ds).expect(200).json().getString("id"));
        assertEquals(MAX_ATTEMPTS, api.get("/api/v1/operations/" + op).json().getInt("attempts"));
        assertTrue(givenUp() >= 1, "counted in segment_index_operations_given_up_total");
    }

    boolean ready() {
        try {
            return api.get("/health/ready").status() == 200;
        } catch (AssertionError notListening) {
            return false;
        }
    }

    /** The most attempts any reconcile the service ran by itself on the dataset took. */
    static int systemReconcileAttempts(String datasetId) throws Exception {
        try (Connection db = Services.db(); PreparedStatement q = db.prepareStatement("SELECT COALESCE(MAX(attempts),"
                + " 0) FROM operations WHERE dataset_id = CAST(? AS uuid) AND requested_by = 'system'")) {
            q.setString(1, datasetId);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    static boolean isFinal(String operationId) throws Exception {
        try (Connection db = Services.db();
             PreparedStatement q = db.prepareStatement("SELECT state FROM operations WHERE id = CAST(? AS uuid)")) {
            q.setString(1, operationId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() && !r.getString(1).equals("queued") && !r.getString(1).equals("running");
            }
        }
    }

    double givenUp() {
        Matcher m = Pattern.compile("(?m)^segment_index_operations_given_up_total\\{[^}]*} ([0-9.eE+-]+)")
                .matcher(api.metrics());
        assertTrue(m.find(), "the counter is exported");
        return Double.parseDouble(m.group(1));
    }
}
