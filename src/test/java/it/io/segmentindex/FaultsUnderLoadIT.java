package it.io.segmentindex;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight clients toggle the segments of one dataset while the dependencies fail for real: Redis pauses for 4 s,
 * PostgreSQL refuses connections and drops every backend for 5 s, then drops every pooled connection once more.
 * Afterwards every accepted operation is final, no answer was a 500 and every 5xx was the JSON error, no
 * operation exists that its client was told had failed without its id, the index agrees with the database, no
 * marker of an ended operation is left, and every segment can be toggled again at once.
 */
class FaultsUnderLoadIT {

    static final int SEGMENTS = 600;
    static final int CLIENTS = 8;
    static final Duration LOAD = Duration.ofSeconds(30);

    final Api api = new Api();

    /** One answer: what was asked, and what came back. */
    record Answer(String segment, int status, String body) {
        String operationId() {
            if (!body.startsWith("{")) {
                return null;
            }
            JsonObject json = Json.createReader(new StringReader(body)).readObject();
            return json.containsKey("operation_id") && !json.isNull("operation_id")
                    ? json.getString("operation_id") : null;
        }
    }

    @Test
    void faultsUnderLoadLoseNothingAndLeaveNothingBehind() throws Exception {
        String ds = api.createDataset("economy");
        String doc = api.addLargeDocument(ds, SEGMENTS, i -> "fault run segment " + i + " about topic " + (i % 17));
        List<String> ids = api.segmentIds(ds, doc);
        ServerLog log = ServerLog.mark();

        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            Random random = new Random(c);
            clients.submit(() -> {
                while (running.get()) {
                    String seg = ids.get(random.nextInt(ids.size()));
                    String action = random.nextBoolean() ? "disable" : "enable";
                    Api.Reply r = api.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/" + action);
                    answers.add(new Answer(seg, r.status(), r.body()));
                }
                return null;
            });
        }
        Map<String, Long> faults = new TreeMap<>();
        long start = System.nanoTime();
        Api.sleep(3000);
        faults.put("redis paused 4 s", elapsed(start));
        try (UnifiedJedis redis = Services.redis()) {
            redis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "4000", "ALL");
        }
        Api.sleep(Math.max(0, 9000 - elapsed(start)));
        faults.put("postgresql refused connections and dropped every backend for 5 s", elapsed(start));
        refuseConnections(Duration.ofSeconds(5));
        Api.sleep(Math.max(0, 20000 - elapsed(start)));
        faults.put("postgresql dropped every pooled connection", elapsed(start));
        dropBackends();
        while (elapsed(start) < LOAD.toMillis()) {
            Api.sleep(250);
        }
        running.set(false);
        clients.shutdown();
        assertTrue(clients.awaitTermination(120, TimeUnit.SECONDS));

        Map<Integer, Integer> statuses = new TreeMap<>();
        answers.forEach(a -> statuses.merge(a.status(), 1, Integer::sum));
        long unknown = answers.stream().filter(a -> a.status() == 503 && a.operationId() != null).count();
        System.out.printf("FaultsUnderLoadIT: %d toggles from %d clients in %d s, answers %s (503 naming their"
                        + " operation: %d), faults at (ms) %s%n", answers.size(), CLIENTS, LOAD.toSeconds(), statuses,
                unknown, faults);

        assertTrue(answers.stream().noneMatch(a -> a.status() == 500), () -> "a 500: " + first(answers, 500));
        for (Answer a : answers) {
            if (a.status() >= 500) {
                JsonObject error = Json.createReader(new StringReader(a.body())).readObject();
                assertEquals(a.status(), error.getInt("status"), a.body());
                assertTrue(!error.getString("code").isBlank(), a.body());
            }
        }
        awaitReady();
        awaitAllFinal(api.tenant);

        Set<String> named = new HashSet<>();
        answers.forEach(a -> {
            if (a.operationId() != null) {
                named.add(a.operationId());
            }
        });
        Set<String> recorded = userOperations(api.tenant);
        recorded.removeAll(named);
        assertEquals(Set.of(), recorded, "operations whose every request was told it failed, without their id");

        JsonObject reconcile = api.reconcile(ds);
        assertEquals(0, reconcile.getInt("missing") + reconcile.getInt("extra"), () -> "drift: " + reconcile);

        List<String> left = markersLeft(ids);
        assertEquals(List.of(), left, "markers of ended operations");

        JsonObject again = api.patch(Api.batchPath(ds, doc, "disable", ids.subList(0, 500))).json();
        JsonObject again2 = api.patch(Api.batchPath(ds, doc, "enable", ids.subList(500, ids.size()))).json();
        List<String> busy = new ArrayList<>();
        for (JsonObject reply : List.of(again, again2)) {
            reply.getJsonArray("results").forEach(v -> {
                if (v.asJsonObject().getString("result").equals("indexing_in_progress")) {
                    busy.add(v.asJsonObject().getString("segment_id"));
                }
            });
        }
        assertEquals(List.of(), busy, "segments refused as in flight right after the run");
        List<String> errors = log.errors();
        System.out.println("FaultsUnderLoadIT: " + errors.size() + " line(s) at ERROR during the run");
    }

    static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    static String first(Iterable<Answer> answers, int status) {
        for (Answer a : answers) {
            if (a.status() == status) {
                return a.body();
            }
        }
        return null;
    }

    /** PostgreSQL refuses new connections and drops every one it has, for a while. */
    static void refuseConnections(Duration outage) throws Exception {
        String database = database();
        try (Connection admin = Services.adminDb(); Statement st = admin.createStatement()) {
            st.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            try {
                dropBackends(st, database);
                Thread.sleep(outage.toMillis());
            } finally {
                st.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
    }

    static void dropBackends() throws Exception {
        try (Connection admin = Services.adminDb(); Statement st = admin.createStatement()) {
            dropBackends(st, database());
        }
    }

    private static void dropBackends(Statement st, String database) throws Exception {
        st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                + "' AND pid <> pg_backend_pid()");
    }

    static String database() {
        return System.getenv().getOrDefault("DB_NAME", "segments");
    }

    void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (api.get("/health/ready").status() == 200) {
                return;
            }
            Api.sleep(250);
        }
        throw new AssertionError("not ready again");
    }

    static void awaitAllFinal(String tenant) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long open = -1;
        while (System.nanoTime() < deadline) {
            open = count("SELECT count(*) FROM operations WHERE tenant_id = CAST(? AS uuid)"
                    + " AND state IN ('queued', 'running')", tenant);
            if (open == 0) {
                return;
            }
            Api.sleep(250);
        }
        throw new AssertionError(open + " operation(s) still queued or running");
    }

    /** Operations that callers asked for (not the reconciles the service schedules itself). */
    static Set<String> userOperations(String tenant) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection db = Services.db(); PreparedStatement q = db.prepareStatement("SELECT CAST(id AS varchar)"
                + " FROM operations WHERE tenant_id = CAST(? AS uuid) AND requested_by <> 'system'")) {
            q.setString(1, tenant);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }

    static long count(String sql, String param) throws Exception {
        try (Connection db = Services.db(); PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, param);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Segments of the run whose marker is still set, a few sweeps after every operation ended. */
    static List<String> markersLeft(List<String> ids) {
        try (UnifiedJedis redis = Services.redis()) {
            // A request answered 503 outcome_unknown holds its markers until its commit has surely not landed:
            // twice the statement timeout (10 s), then the next sweep.
            long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
            List<String> left;
            do {
                left = ids.stream().filter(id -> redis.exists("segment_" + id + "_indexing")).toList();
                Api.sleep(left.isEmpty() ? 0 : 500);
            } while (!left.isEmpty() && System.nanoTime() < deadline);
            return left;
        }
    }
}
