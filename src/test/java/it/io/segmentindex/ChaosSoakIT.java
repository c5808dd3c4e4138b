package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded chaos soak on loopback: thousands of random enable/disable calls over a few hundred segments from
 * several threads, index faults switched on and off for one dataset, and Redis losing every connection and
 * every key once (what a restart of a Redis that keeps nothing on disk does to its clients). Afterwards:
 * every operation final, every fallback recorded with its error, no marker left, zero drift.
 */
class ChaosSoakIT {

    static final int THREADS = 8;
    static final int CALLS = Integer.getInteger("soak.calls", 3000);
    static final Duration LIMIT = Duration.ofSeconds(Integer.getInteger("soak.seconds", 120));

    final Api api = new Api();

    @Test
    void randomTogglesUnderFaultsEndConsistent() throws Exception {
        List<String> datasets = new ArrayList<>();
        List<String[]> segments = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            String ds = api.createDataset("economy");
            String[] texts = new String[100];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = "soak dataset " + d + " segment " + i + " token" + i;
            }
            String doc = api.addDocument(ds, texts);
            datasets.add(ds);
            api.segments(ds, doc); // first page is enough to prove it is there; ids come from the database
            for (String id : segmentIds(ds)) {
                segments.add(new String[] {ds, doc, id});
            }
        }
        assertEquals(300, segments.size());
        String faulty = datasets.get(1);

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        long started = System.nanoTime();
        long deadline = started + LIMIT.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(t);
            workers.add(pool.submit(() -> {
                while (calls.incrementAndGet() <= CALLS && System.nanoTime() < deadline) {
                    String[] s = segments.get(random.nextInt(segments.size()));
                    String action = random.nextBoolean() ? "enable" : "disable";
                    Api.Reply r = random.nextInt(10) == 0
                            ? api.patch(Api.batchPath(s[0], s[1], action, List.of(s[2],
                                    segments.get(random.nextInt(segments.size()))[2])))
                            : api.patch("/api/v1/datasets/" + s[0] + "/segments/" + s[2] + "/" + action);
                    statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        Future<?> chaos = pool.submit(() -> {
            for (int round = 0; System.nanoTime() < deadline && calls.get() < CALLS; round++) {
                // A fault must outlast a round's retries and splits (about a second), or every call rides it out
                // and no fallback runs.
                boolean faultOn = round % 3 == 0;
                if (faultOn) {
                    api.faults(faulty, "delete", "upsert");
                } else {
                    api.faults(faulty);
                }
                if (round == 5) {
                    try (UnifiedJedis redis = Services.redis()) {
                        redis.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal");
                    } catch (RuntimeException killedOurselvesToo) {
                        // our own connection is among the killed ones
                    }
                    try (UnifiedJedis redis = Services.redis()) {
                        redis.flushAll();
                    }
                }
                Api.sleep(faultOn ? 1500 : 400);
            }
            return null;
        });
        for (Future<?> w : workers) {
            w.get();
        }
        chaos.get();
        pool.shutdown();
        api.faults(faulty);
        double seconds = (System.nanoTime() - started) / 1e9;
        int made = Math.min(calls.get(), CALLS);

        awaitNoUnfinishedOperations(datasets);
        for (Integer status : statuses.keySet()) {
            assertTrue(status == 200 || status == 202 || status == 409 || status == 503,
                    "unexpected status " + status + ": " + statuses);
        }
        int fallbacks;
        try (Connection db = Services.db()) {
            assertEquals(0, count(db, "SELECT COUNT(*) FROM operation_items i JOIN operations o ON o.id ="
                    + " i.operation_id WHERE o.dataset_id = ANY (CAST(? AS uuid[])) AND i.state = 'failed'"
                    + " AND (i.error IS NULL OR i.error = '')", datasets), "every fallback recorded its error");
            fallbacks = count(db, "SELECT COUNT(*) FROM operation_items i JOIN operations o ON o.id = i.operation_id"
                    + " WHERE o.dataset_id = ANY (CAST(? AS uuid[])) AND i.state = 'failed'", datasets);
        }
        assertTrue(fallbacks > 0, "the faults were hit");
        try (UnifiedJedis redis = Services.redis()) {
            for (String[] s : segments) {
                assertEquals(null, redis.get("segment_" + s[2] + "_indexing"), "marker left for " + s[2]);
            }
        }
        String drifted = driftedSegments(segments);
        int drift = 0;
        for (String ds : datasets) {
            JsonObject run = api.awaitJson("/api/v1/operations/" + api.post("/api/v1/datasets/" + ds
                            + "/reconcile", "").expect(202).json().getString("operation_id"),
                    j -> j.getString("state").equals("succeeded"));
            drift += run.getInt("missing") + run.getInt("extra");
        }
        String summary = String.format("soak: %d calls in %.1f s (%.0f calls/s) from %d threads over 300 segments;"
                        + " statuses %s; %d index calls fell back and were recovered; drift after the run: %d",
                made, seconds, made / seconds, THREADS, statuses, fallbacks, drift);
        System.out.println(summary);
        Files.writeString(Path.of("target/soak-summary.txt"), summary + System.lineSeparator());
        assertEquals(0, drift, summary + System.lineSeparator() + drifted);
    }

    /** Each segment whose index presence disagrees with the database, with its row and every operation on it. */
    private String driftedSegments(List<String[]> segments) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String[] s : segments) {
            JsonObject state = api.get("/api/v1/datasets/" + s[0] + "/segments/" + s[2] + "/index").expect(200).json();
            if (state.getBoolean("in_index") == state.getBoolean("should_be_in_index")) {
                continue;
            }
            out.append("segment ").append(s[2]).append(" in_index=").append(state.getBoolean("in_index"))
                    .append(System.lineSeparator());
            try (Connection db = Services.db()) {
                out.append(rows(db, "SELECT enabled, status, version, updated_at FROM document_segments"
                        + " WHERE id = CAST(? AS uuid)", s[2]));
                out.append(rows(db, "SELECT o.id, o.action, o.scope, o.state, o.created_at, o.finished_at, i.state,"
                        + " i.reason, i.segment_version, i.error, i.finished_at FROM operation_items i JOIN operations o"
                        + " ON o.id = i.operation_id WHERE i.target_id = ? ORDER BY o.created_at", s[2]));
            }
        }
        return out.toString();
    }

    private static String rows(Connection db, String sql, String id) throws Exception {
        StringBuilder out = new StringBuilder();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    out.append("  ");
                    for (int c = 1; c <= n; c++) {
                        out.append(rs.getString(c)).append(c < n ? " | " : System.lineSeparator());
                    }
                }
            }
        }
        return out.toString();
    }

    private List<String> segmentIds(String ds) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection db = Services.db(); PreparedStatement ps = db.prepareStatement(
                "SELECT CAST(id AS varchar) FROM document_segments WHERE dataset_id = CAST(? AS uuid)")) {
            ps.setString(1, ds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private void awaitNoUnfinishedOperations(List<String> datasets) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (Connection db = Services.db()) {
            while (System.nanoTime() < deadline) {
                if (count(db, "SELECT COUNT(*) FROM operations WHERE dataset_id = ANY (CAST(? AS uuid[]))"
                        + " AND state IN ('queued', 'running')", datasets) == 0) {
                    return;
                }
                Thread.sleep(250);
            }
        }
        throw new AssertionError("operations still unfinished after the soak");
    }

    private static int count(Connection db, String sql, List<String> datasets) throws Exception {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, "{" + String.join(",", datasets) + "}");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

}
