package it.io.segmentindex.replicas;

import it.io.segmentindex.Api;
import it.io.segmentindex.Outbox;
import it.io.segmentindex.Servers;
import it.io.segmentindex.Services;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.UnifiedJedis;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the service (two Liberty servers on their own ports) sharing PostgreSQL, Redis and the
 * SolrCloud collection, as N pods do on Kubernetes: toggles sent round-robin to both are each run by exactly
 * one worker, and when one replica is killed the other finishes its work. Built only with -Psolr, which
 * creates the second server; it runs only during this class, so no other test's work is shared with it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {

    static final String PEER = System.getProperty("it.peer.server.name");

    final Api a = new Api();
    final Api b = a.at(System.getProperty("it.peer.base.url"));

    @BeforeAll
    static void startPeer() throws Exception {
        assertNotNull(PEER, "it.peer.server.name: the second server is created by the solr profile");
        Servers.control(PEER, "start");
        Servers.awaitReady(new Api().at(System.getProperty("it.peer.base.url")));
    }

    @AfterAll
    static void stopPeer() throws Exception {
        if (Servers.process(PEER).isPresent()) {
            Servers.control(PEER, "stop");
        }
    }

    @Test
    @Order(1)
    void roundRobinTogglesAreEachRunOnceAndLeaveNoDrift() throws Exception {
        String ds = a.createDataset("economy");
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            contents.add("replica segment " + i + " topic" + i);
        }
        String doc = a.addDocument(ds, contents.toArray(String[]::new));
        List<String> ids = a.segmentIds(ds, doc);
        assertEquals(60, ids.size());

        // Every segment disabled, then every other one enabled again, each call to the next replica in turn.
        List<String> ops = new ArrayList<>(togglesRoundRobin(ds, ids, "disable"));
        awaitAllSucceeded(ops);
        List<String> enabled = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 2) {
            enabled.add(ids.get(i));
        }
        ops.addAll(togglesRoundRobin(ds, enabled, "enable"));
        awaitAllSucceeded(ops);

        // Then racing toggles of the same segments through both replicas: the shared in-flight keys turn the
        // losers away (409), and whatever was accepted must finish.
        ConcurrentHashMap<String, Boolean> raced = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                calls.add(clients.submit(() -> {
                    Random random = new Random(client);
                    for (int n = 0; n < 25; n++) {
                        String seg = ids.get(random.nextInt(10));
                        String action = random.nextBoolean() ? "disable" : "enable";
                        Api.Reply r = (n % 2 == 0 ? a : b).patch("/api/v1/datasets/" + ds + "/segments/" + seg
                                + "/" + action);
                        assertTrue(r.status() == 202 || r.status() == 200 || r.status() == 409,
                                () -> r.status() + " " + r.body());
                        if (r.status() == 202) {
                            raced.put(r.json().getString("operation_id"), true);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : calls) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        ops.addAll(raced.keySet());
        awaitAllSucceeded(ops);

        // Claimed once: no operation was taken twice, and both replicas did work.
        Set<String> workers = new HashSet<>();
        for (String op : ops) {
            JsonObject o = a.get("/api/v1/operations/" + op).expect(200).json();
            assertEquals(1, o.getInt("attempts"), () -> "claimed more than once: " + o);
            workers.add(o.getString("worker"));
        }
        assertEquals(2, workers.size(), "both replicas ran operations: " + workers);

        Map<String, Boolean> shouldBeIn = new HashMap<>();
        for (String id : ids) {
            JsonObject state = b.get("/api/v1/datasets/" + ds + "/segments/" + id + "/index").expect(200).json();
            assertEquals(state.getBoolean("should_be_in_index"), state.getBoolean("in_index"), () -> id + " " + state);
            shouldBeIn.put(id, state.getBoolean("should_be_in_index"));
        }
        assertNoDrift(ds);
        try (UnifiedJedis redis = Services.redis()) {
            ids.forEach(id -> assertFalse(redis.exists("segment_" + id + "_indexing"), "marker left for " + id));
        }
        // Either replica searches the shared index, and neither returns a disabled segment.
        for (Api replica : List.of(a, b)) {
            for (int i = 0; i < 10; i++) {
                String id = ids.get(i);
                boolean found = replica.hitTest(ds, "topic" + i, "full_text_search", 60).stream()
                        .map(JsonValue::asJsonObject)
                        .anyMatch(rec -> rec.getJsonObject("segment").getString("id").equals(id));
                assertEquals(shouldBeIn.get(id), found, "topic" + i);
            }
        }
    }

    @Test
    @Order(2)
    void orphanedOperationsFoundByBothSweepersAreClaimedOnce() throws Exception {
        String ds = a.createDataset("economy");
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            contents.add("orphan segment " + i);
        }
        String doc = a.addDocument(ds, contents.toArray(String[]::new));
        List<String> ids = a.segmentIds(ds, doc);
        // Committed as by a server that died before handing them to its executor: both replicas' sweepers see
        // all of them at once and race for every one.
        List<String> ops = new ArrayList<>();
        try (Connection db = Services.db()) {
            db.setAutoCommit(false);
            for (String id : ids) {
                String op = UUID.randomUUID().toString();
                Outbox.committedDisable(db, a.tenant, ds, doc, id, op, "queued");
                ops.add(op);
            }
            db.commit();
        }
        awaitAllSucceeded(ops);
        Map<String, Integer> byWorker = new HashMap<>();
        for (String op : ops) {
            JsonObject o = a.get("/api/v1/operations/" + op).expect(200).json();
            assertEquals(1, o.getInt("attempts"), () -> "claimed more than once: " + o);
            byWorker.merge(o.getString("worker"), 1, Integer::sum);
        }
        System.out.println("orphaned operations run per replica: " + byWorker.values());
        assertNoDrift(ds);
    }

    @Test
    @Order(3)
    void everyReplicaReportsTheDriftWhicheverRanTheReconcile() throws Exception {
        String ds = a.createDataset("economy");
        String doc = a.addDocument(ds, "drift one", "drift two", "drift three");
        String segment = a.segmentIds(ds, doc).get(0);
        long before = drift(b);
        // Behind the service's back: the database says disabled, the index still holds it.
        try (Connection db = Services.db(); var ps = db.prepareStatement(
                "UPDATE document_segments SET enabled = false, version = version + 1 WHERE id = CAST(? AS uuid)")) {
            ps.setString(1, segment);
            assertEquals(1, ps.executeUpdate());
        }
        assertEquals(1, a.reconcile(ds).getInt("extra"));
        awaitDrift(b, before + 1);
        assertNoDrift(ds); // on the first replica; the second's gauge follows
        awaitDrift(b, before);
        awaitDrift(a, before);
    }

    @Test
    @Order(4)
    void killedReplicasOperationsAreFinishedByTheOther() throws Exception {
        String ds = b.createDataset("economy");
        String doc = b.addLargeDocument(ds, 3000, i -> "replica crash segment " + i + " word" + (i % 89));
        List<String> ids = b.segmentIds(ds, doc);
        assertEquals(3000, ids.size());

        // Slow index writes on the peer only (the fault lives in its process): its batches are still running
        // when it is killed, and the survivor, without the fault, finishes them.
        b.faults(ds, "slow");
        List<String> ops = b.disableInBatches(ds, doc, ids);
        JsonObject running = b.awaitJson("/api/v1/operations/" + ops.get(0),
                j -> j.getString("state").equals("running"));
        String peerWorker = running.getString("worker");
        Servers.kill(PEER);
        long killed = System.nanoTime();

        List<String> unfinished = new ArrayList<>();
        for (String op : ops) {
            if (!a.get("/api/v1/operations/" + op).json().getString("state").equals("succeeded")) {
                unfinished.add(op);
            }
        }
        assertFalse(unfinished.isEmpty(), "the peer was killed with work in hand");
        // Takeover: the moment the survivor holds each unfinished operation (its worker changes).
        long takeoverMs = 0;
        for (String op : unfinished) {
            a.awaitJson("/api/v1/operations/" + op, j -> !peerWorker.equals(j.getString("worker", peerWorker)));
            takeoverMs = Math.max(takeoverMs, (System.nanoTime() - killed) / 1_000_000);
        }
        System.out.printf("TwoReplicasIT: %d of %d batches unfinished at the SIGKILL, all taken over by the other"
                + " replica %d ms after it%n", unfinished.size(), ops.size(), takeoverMs);
        assertTrue(takeoverMs <= 10_000, "taken over within 10 s of the kill: " + takeoverMs + " ms");
        for (String op : ops) {
            JsonObject done = a.awaitJson("/api/v1/operations/" + op, j -> j.getString("state").equals("succeeded")
                    || j.getString("state").contains("failed"));
            assertEquals("succeeded", done.getString("state"), done.getJsonObject("counts").toString());
            assertEquals(1000, done.getJsonObject("counts").getInt("succeeded"));
            if (unfinished.contains(op)) {
                assertNotEquals(peerWorker, done.getString("worker"), "finished by the surviving replica");
            }
        }
        JsonObject first = a.get("/api/v1/operations/" + ops.get(0)).json();
        assertTrue(first.getInt("attempts") >= 2, "taken over after the peer's lease ran out: " + first);
        assertEquals(0, a.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments?enabled=true").json()
                .getInt("total"));
        assertNoDrift(ds);
        assertTrue(a.hitTest(ds, "word5", "full_text_search", 5).isEmpty());
    }

    private List<String> togglesRoundRobin(String ds, List<String> ids, String action) {
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            ops.add((i % 2 == 0 ? a : b).patch("/api/v1/datasets/" + ds + "/segments/" + ids.get(i) + "/" + action)
                    .expect(202).json().getString("operation_id"));
        }
        return ops;
    }

    private void awaitAllSucceeded(List<String> ops) {
        for (String op : ops) {
            JsonObject done = a.awaitOperation(op);
            assertEquals("succeeded", done.getString("state"), done::toString);
        }
    }

    private void assertNoDrift(String ds) {
        JsonObject reconcile = a.reconcile(ds);
        assertEquals(0, reconcile.getInt("missing") + reconcile.getInt("extra"), () -> "zero drift: " + reconcile);
    }

    private static long drift(Api replica) {
        String metrics = replica.send("GET", "/metrics?scope=application", null, Map.of("Accept", "text/plain"))
                .expect(200).body();
        Matcher m = Pattern.compile("(?m)^segment_index_drift_segments(\\{[^}]*})? ([0-9.Ee+-]+)$").matcher(metrics);
        assertTrue(m.find(), metrics);
        return (long) Double.parseDouble(m.group(2));
    }

    /** The gauge is read from the database at most every five seconds. */
    private static void awaitDrift(Api replica, long expected) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (drift(replica) != expected && System.nanoTime() < deadline) {
            Api.sleep(250);
        }
        assertEquals(expected, drift(replica));
    }
}
