package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * N clients send the same request at the same moment, racing on one unique value: an idempotency key (single,
 * batch and document calls), a dataset name, a segment in flight, a document's marker. Exactly one wins; every
 * other answer is the one it would get a moment later (a replay or the documented 4xx); never a 5xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UniqueRacesIT {

    static final int N = 8;

    final Api api = new Api();
    final ExecutorService clients = Executors.newFixedThreadPool(N);
    final ServerLog log = ServerLog.mark();
    String ds;

    @BeforeAll
    void fixture() {
        ds = api.createDataset("economy");
    }

    @AfterAll
    void noErrorLoggedForClientErrors() {
        clients.shutdownNow();
        assertEquals(List.of(), log.errors(), "lines at ERROR while only 4xx were answered");
        assertEquals(List.of(), log.incidents(), "FFDC incidents while only 4xx were answered");
    }

    /** Sends N copies at once (all threads released by one latch); the answers in any order. */
    List<Api.Reply> race(Supplier<Api.Reply> request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Reply>> answers = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            answers.add(clients.submit(() -> {
                go.await();
                return request.get();
            }));
        }
        go.countDown();
        List<Api.Reply> replies = new ArrayList<>();
        for (Future<Api.Reply> a : answers) {
            replies.add(a.get());
        }
        replies.forEach(r -> assertTrue(r.status() < 500, () -> "a 5xx in a race: " + r.body()));
        return replies;
    }

    static Map<Integer, Long> statuses(List<Api.Reply> replies) {
        return replies.stream().collect(Collectors.groupingBy(Api.Reply::status, Collectors.counting()));
    }

    @Test
    void sameIdempotencyKeyOnOneSegmentRecordsOneOperation() throws Exception {
        String doc = api.addDocument(ds, "one", "two");
        String seg = api.segments(ds, doc).getJsonObject(0).getString("id");
        String key = UUID.randomUUID().toString();
        List<Api.Reply> replies = race(() -> api.send("PATCH", "/api/v1/datasets/" + ds + "/segments/" + seg
                + "/disable", null, Map.of("Idempotency-Key", key)));
        assertEquals(Map.of(202, (long) N), statuses(replies), () -> bodies(replies));
        assertEquals(1, operationIds(replies).size(), () -> "every answer names the one operation: " + bodies(replies));
        assertEquals(1, operationsWithKey(key));
        api.awaitOperation(operationIds(replies).iterator().next());
    }

    @Test
    void sameIdempotencyKeyOnABatchRecordsOneOperation() throws Exception {
        String doc = api.addDocument(ds, "three", "four", "five");
        List<String> ids = api.segmentIds(ds, doc);
        String key = UUID.randomUUID().toString();
        List<Api.Reply> replies = race(() -> api.send("PATCH", Api.batchPath(ds, doc, "disable", ids), null,
                Map.of("Idempotency-Key", key)));
        assertEquals(Map.of(202, (long) N), statuses(replies), () -> bodies(replies));
        assertEquals(1, operationIds(replies).size(), () -> bodies(replies));
        assertEquals(1, operationsWithKey(key));
        JsonObject done = api.awaitOperation(operationIds(replies).iterator().next());
        assertEquals("succeeded", done.getString("state"), done::toString);
    }

    @Test
    void sameIdempotencyKeyOnADocumentRecordsOneOperation() throws Exception {
        String doc = api.addDocument(ds, "six");
        String key = UUID.randomUUID().toString();
        List<Api.Reply> replies = race(() -> api.send("PATCH", "/api/v1/datasets/" + ds
                + "/documents/status/disable?document_id=" + doc, null, Map.of("Idempotency-Key", key)));
        assertEquals(Map.of(202, (long) N), statuses(replies), () -> bodies(replies));
        assertEquals(1, operationIds(replies).size(), () -> bodies(replies));
        assertEquals(1, operationsWithKey(key));
        api.awaitOperation(operationIds(replies).iterator().next());
    }

    @Test
    void sameDatasetNameCreatesOneDataset() throws Exception {
        String name = "race-" + UUID.randomUUID();
        List<Api.Reply> replies = race(() -> api.post("/api/v1/datasets",
                "{\"name\":\"" + name + "\",\"indexing_technique\":\"economy\"}"));
        assertEquals(Map.of(201, 1L, 409, (long) N - 1), statuses(replies), () -> bodies(replies));
        replies.stream().filter(r -> r.status() == 409).forEach(r ->
                assertEquals("dataset_name_duplicate", r.json().getString("code"), r.body()));
        assertEquals(1, count("SELECT count(*) FROM datasets WHERE tenant_id = CAST(? AS uuid) AND name = ?",
                api.tenant, name));
    }

    @Test
    void oneSegmentInFlightIsTakenOnce() throws Exception {
        String doc = api.addDocument(ds, "seven", "eight");
        String seg = api.segments(ds, doc).getJsonObject(0).getString("id");
        List<Api.Reply> replies = race(() -> api.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/disable"));
        assertEquals(1L, statuses(replies).get(202), () -> bodies(replies));
        for (Api.Reply r : replies) {
            if (r.status() == 409) {
                assertEquals("segment_indexing", r.json().getString("code"), r.body());
            } else if (r.status() == 200) {
                assertEquals("unchanged", r.json().getString("outcome"), r.body());
            } else {
                assertEquals(202, r.status(), r.body());
            }
        }
        assertEquals(1, count("SELECT count(*) FROM operation_items WHERE target_id = ?", seg));
        api.awaitOperation(operationIds(replies).iterator().next());
    }

    @Test
    void oneDocumentMarkerIsTakenOnce() throws Exception {
        String doc = api.addDocument(ds, "nine");
        List<Api.Reply> replies = race(() -> api.patch("/api/v1/datasets/" + ds
                + "/documents/status/archive?document_id=" + doc));
        assertEquals(1L, statuses(replies).get(202), () -> bodies(replies));
        Set<String> losers = replies.stream().filter(r -> r.status() == 200)
                .map(r -> r.json().getJsonArray("results").getJsonObject(0).getString("result"))
                .collect(Collectors.toSet());
        assertTrue(Set.of("indexing_in_progress", "already_archived").containsAll(losers), losers::toString);
        assertEquals(N - 1, replies.stream().filter(r -> r.status() == 200).count(), () -> bodies(replies));
        assertEquals(1, count("SELECT count(*) FROM operation_items WHERE target_id = ?"
                + " AND state <> 'skipped'", doc));
        api.awaitOperation(operationIds(replies).iterator().next());
    }

    static Set<String> operationIds(List<Api.Reply> replies) {
        return replies.stream().filter(r -> r.status() == 202).map(r -> r.json().getString("operation_id"))
                .collect(Collectors.toSet());
    }

    int operationsWithKey(String key) throws Exception {
        return count("SELECT count(*) FROM operations WHERE tenant_id = CAST(? AS uuid) AND idempotency_key = ?",
                api.tenant, key);
    }

    static int count(String sql, String... params) throws Exception {
        try (Connection db = Services.db(); PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setString(i + 1, params[i]);
            }
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    static String bodies(List<Api.Reply> replies) {
        return replies.stream().map(r -> r.status() + " " + r.body()).collect(Collectors.joining("\n"));
    }
}
