package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dataset's operations as an operator reviews them (backlog, failures) and the retry of a failed one. */
class OperationHistoryIT {

    final Api api = new Api();

    @Test
    void aFailedDisableIsListedAndItsRetryTakesTheSegmentOut() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, RetrievalIT.CORPUS);
        String seg = api.segmentIds(ds, doc).get(1);
        String base = "/api/v1/datasets/" + ds;

        api.faults(ds, "delete");
        String failedOp = api.patch(base + "/segments/" + seg + "/disable").expect(202).json()
                .getString("operation_id");
        assertEquals("failed", api.awaitOperation(failedOp).getString("state"));
        api.faults(ds);

        JsonObject failures = api.get(base + "/operations?state=failed&state=partially_failed").expect(200).json();
        assertEquals(1, failures.getInt("total"), failures.toString());
        JsonObject listed = failures.getJsonArray("data").getJsonObject(0);
        assertEquals(failedOp, listed.getString("id"));
        assertEquals(1, listed.getJsonObject("counts").getInt("failed"));
        assertTrue(listed.getString("error").contains("injected"), listed.toString());
        assertFalse(listed.containsKey("items"), "a listing counts items, it does not list them");
        // The backlog now holds at most the reconcile that follows a fallback, queued by the service itself.
        api.get(base + "/operations?state=queued&state=running").expect(200).json().getJsonArray("data")
                .forEach(v -> assertEquals("system reconcile", v.asJsonObject().getString("requested_by") + " "
                        + v.asJsonObject().getString("action"), v.toString()));

        Api.Reply retried = api.post("/api/v1/operations/" + failedOp + "/retry", "").expect(202);
        JsonObject retry = retried.json();
        String retryOp = retry.getString("operation_id");
        assertNotEquals(failedOp, retryOp);
        assertEquals(failedOp, retry.getString("retry_of"));
        assertEquals(List.of(seg), retry.getJsonArray("results").stream()
                .map(v -> v.asJsonObject().getString("id")).toList());
        assertTrue(retried.header("Location").endsWith("/operations/" + retryOp));
        assertEquals("succeeded", api.awaitOperation(retryOp).getString("state"));
        assertFalse(api.get(base + "/segments/" + seg + "/index").expect(200).json().getBoolean("in_index"),
                "the retried disable took the segment out");

        assertEquals(retryOp, api.post("/api/v1/operations/" + failedOp + "/retry", "").expect(202).json()
                .getString("operation_id"), "retrying again answers with the first retry");
        JsonObject stillFailed = api.get(base + "/operations?state=failed").expect(200).json();
        assertEquals(1, stillFailed.getInt("total"), "the failed operation stays on record, once: " + stillFailed);
        JsonObject original = stillFailed.getJsonArray("data").getJsonObject(0);
        assertEquals(retryOp, original.getString("retried_by"), "and names its retry");
        assertEquals("succeeded", original.getString("retry_state"));
        assertTrue(listed.isNull("retried_by"), "not before it was retried");
        assertEquals(1, api.get(base + "/operations?state=succeeded").expect(200).json().getJsonArray("data").stream()
                .filter(v -> v.asJsonObject().getString("scope").equals("segment")).count(), "one retry");
    }

    @Test
    void aFailedBatchIsRetriedForItsFailedSegmentsOnly() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, RetrievalIT.CORPUS);
        List<String> ids = api.segmentIds(ds, doc).subList(0, 3);
        api.faults(ds, "delete");
        String failedOp = api.patch(Api.batchPath(ds, doc, "disable", ids)).expect(202).json()
                .getString("operation_id");
        assertEquals("failed", api.awaitOperation(failedOp).getString("state"));
        api.faults(ds);
        // One of them is disabled by hand in the meantime: the retry checks each target anew.
        api.awaitOperation(api.patch("/api/v1/datasets/" + ds + "/segments/" + ids.get(0) + "/disable").expect(202)
                .json().getString("operation_id"));

        JsonObject retry = api.post("/api/v1/operations/" + failedOp + "/retry", "").expect(202).json();
        var results = retry.getJsonArray("results");
        assertEquals(3, results.size(), retry.toString());
        assertEquals("already_disabled", results.getJsonObject(0).getString("result"), retry.toString());
        assertEquals("queued", results.getJsonObject(1).getString("result"));
        assertEquals("queued", results.getJsonObject(2).getString("result"));
        JsonObject done = api.awaitOperation(retry.getString("operation_id"));
        assertEquals("succeeded", done.getString("state"), done.toString());
        for (String id : ids) {
            assertFalse(api.get("/api/v1/datasets/" + ds + "/segments/" + id + "/index").expect(200).json()
                    .getBoolean("in_index"), id);
        }
    }

    @Test
    void onlyAFailedOperationOfTheCallersTenantCanBeRetried() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, RetrievalIT.CORPUS);
        String seg = api.segmentIds(ds, doc).get(0);
        String ok = api.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/disable").expect(202).json()
                .getString("operation_id");
        assertEquals("succeeded", api.awaitOperation(ok).getString("state"));

        assertError(api.post("/api/v1/operations/" + ok + "/retry", ""), 409, "not_retryable", null);
        assertError(new Api().post("/api/v1/operations/" + ok + "/retry", ""), 404, "not_found",
                "Operation not found.");
        assertEquals(403, new Api(api.tenant, "reader", "reader").post("/api/v1/operations/" + ok + "/retry", "")
                .status(), "a reader may list, not retry");
        assertError(api.get("/api/v1/datasets/" + ds + "/operations?state=stuck"), 400, "invalid_param", null);
        assertError(new Api().get("/api/v1/datasets/" + ds + "/operations"), 404, "not_found", null);
        JsonObject all = new Api(api.tenant, "reader", "reader").get("/api/v1/datasets/" + ds + "/operations")
                .expect(200).json();
        assertEquals(1, all.getInt("total"));
        assertEquals("succeeded", all.getJsonArray("data").getJsonObject(0).getString("state"));

        api.reconcile(ds);
        JsonObject reconciles = api.get("/api/v1/datasets/" + ds + "/operations?scope=dataset").expect(200).json();
        assertEquals(1, reconciles.getInt("total"), reconciles.toString());
        JsonObject last = reconciles.getJsonArray("data").getJsonObject(0);
        assertEquals("reconcile", last.getString("action"));
        assertEquals(0, last.getInt("missing") + last.getInt("extra"), "the drift it found: none");
        assertEquals(1, api.get("/api/v1/datasets/" + ds + "/operations?scope=segment&scope=batch").expect(200).json()
                .getInt("total"));
        assertError(api.get("/api/v1/datasets/" + ds + "/operations?scope=everything"), 400, "invalid_param", null);
    }
}
