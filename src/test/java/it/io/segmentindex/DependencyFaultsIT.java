package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real faults in the real dependencies: Redis stops answering (CLIENT PAUSE), PostgreSQL refuses connections
 * and drops the ones it has. The service answers 503 quickly, changes nothing, and recovers by itself.
 */
class DependencyFaultsIT {

    final Api api = new Api();

    @Test
    void redisNotAnsweringGivesA503WithinTheBoundAndChangesNothing() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "one segment about redis");
        String seg = api.segments(ds, doc).getJsonObject(0).getString("id");
        int version = segment(ds, doc, seg).getInt("version");
        try (UnifiedJedis redis = Services.redis()) {
            redis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "5000", "ALL");
            long t0 = System.nanoTime();
            Api.Reply reply = api.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/disable");
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertError(reply, 503, "dependency_unavailable", null);
            assertTrue(ms < 2000, "answered in " + ms + " ms");
            Api.Reply ready = api.get("/health/ready");
            assertEquals(503, ready.status(), () -> "readiness reports Redis down after " + ms + " ms: " + ready.body());
            Api.sleep(5200);
        }
        JsonObject s = segment(ds, doc, seg);
        assertTrue(s.getBoolean("enabled"), "nothing changed in PostgreSQL");
        assertEquals(version, s.getInt("version"));
        awaitReady();
        var ok = api.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/disable").expect(202).json();
        api.awaitJson("/api/v1/operations/" + ok.getString("operation_id"),
                j -> j.getString("state").equals("succeeded"));
    }

    @Test
    void postgresGoneMeansReadinessDownAnd503sThenRecoveryWithoutARestart() throws Exception {
        String ds = api.createDataset("economy");
        String database = System.getenv().getOrDefault("DB_NAME", "segments");
        try (Connection admin = Services.adminDb(); Statement st = admin.createStatement()) {
            st.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            try {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                        + "' AND pid <> pg_backend_pid()");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                int ready = 200;
                while (ready != 503 && System.nanoTime() < deadline) {
                    ready = api.get("/health/ready").status();
                }
                assertEquals(503, ready, "readiness goes DOWN");
                assertError(api.get("/api/v1/datasets/" + ds), 503, "dependency_unavailable", null);
                assertError(api.post("/api/v1/datasets", "{\"name\":\"while-down\"}"), 503, "dependency_unavailable",
                        null);
            } finally {
                st.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
        awaitReady();
        assertEquals(ds, api.get("/api/v1/datasets/" + ds).expect(200).json().getString("id"));
        assertEquals(1, api.get("/api/v1/datasets").json().getInt("total"), "the refused create left nothing");
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (api.get("/health/ready").status() == 200) {
                return;
            }
            Api.sleep(250);
        }
        throw new AssertionError("not ready again");
    }

    private JsonObject segment(String ds, String doc, String seg) {
        return api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments/" + seg).expect(200).json();
    }
}
