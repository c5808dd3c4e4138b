package it.io.segmentindex;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Document enable / disable / archive / un-archive respect each segment's own switch. */
class DocumentStatusIT {

    final Api api = new Api();

    static final String[] FRUIT = {"apples grow in orchards", "pears ripen after picking", "plums dry into prunes",
        "cherries bloom in spring"};

    @Test
    void documentOffAndOnAgainRestoresExactlyTheIndividuallyEnabledSegments() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, FRUIT);
        JsonArray segs = api.segments(ds, doc);
        String pears = segs.getJsonObject(1).getString("id");
        awaitOp(api.patch("/api/v1/datasets/" + ds + "/segments/" + pears + "/disable").expect(202));

        for (String[] cycle : new String[][] {{"disable", "enable"}, {"archive", "un_archive"}}) {
            JsonObject off = status(ds, cycle[0], doc).expect(202).json();
            assertEquals("queued", off.getJsonArray("results").getJsonObject(0).getString("result"));
            JsonObject done = awaitOp(off);
            assertEquals("document", done.getString("scope"));
            assertEquals(doc, done.getJsonArray("items").getJsonObject(0).getString("document_id"));
            assertEquals(Set.of(), found(ds), "nothing of the document is retrievable after " + cycle[0]);
            for (int i = 0; i < segs.size(); i++) {
                assertFalse(indexState(ds, segs.getJsonObject(i).getString("id")).getBoolean("in_index"));
            }
            awaitOp(status(ds, cycle[1], doc).expect(202).json());
            assertEquals(Set.of("apples", "plums", "cherries"), found(ds),
                    "after " + cycle[1] + " exactly the individually enabled segments are back");
            assertFalse(indexState(ds, pears).getBoolean("in_index"), "the disabled one stays out");
        }
        JsonObject d = api.get("/api/v1/datasets/" + ds + "/documents/" + doc).json();
        assertTrue(d.getBoolean("enabled"));
        assertFalse(d.getBoolean("archived"));
    }

    @Test
    void segmentTogglesWhileTheDocumentIsOffAreRecordedAndAppliedByItsEnable() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, FRUIT);
        JsonArray segs = api.segments(ds, doc);
        String apples = segs.getJsonObject(0).getString("id");
        awaitOp(status(ds, "disable", doc).expect(202).json());

        JsonObject op = awaitOp(api.patch("/api/v1/datasets/" + ds + "/segments/" + apples + "/disable")
                .expect(202).json());
        JsonObject item = op.getJsonArray("items").getJsonObject(0);
        assertEquals("skipped", item.getString("state"), "the task skips the index, as the seed says");
        assertEquals("document_unavailable", item.getString("reason"));
        assertFalse(api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments/" + apples).json()
                .getBoolean("enabled"), "but the switch is recorded");

        awaitOp(status(ds, "enable", doc).expect(202).json());
        assertEquals(Set.of("pears", "plums", "cherries"), found(ds));
    }

    @Test
    void statusRequestsReportEachDocumentAndRefuseBadInput() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, FRUIT);
        String unknown = UUID.randomUUID().toString();
        JsonObject r = api.patch("/api/v1/datasets/" + ds + "/documents/status/enable?document_id=" + doc
                + "&document_id=" + unknown).expect(200).json();
        assertEquals("already_enabled", r.getJsonArray("results").getJsonObject(0).getString("result"));
        assertEquals("not_found", r.getJsonArray("results").getJsonObject(1).getString("result"));
        assertError(api.patch("/api/v1/datasets/" + ds + "/documents/status/delete?document_id=" + doc), 400,
                "invalid_action", "Invalid action.");
        assertError(api.patch("/api/v1/datasets/" + ds + "/documents/status/disable"), 400, "invalid_param", null);
        assertError(new Api().patch("/api/v1/datasets/" + ds + "/documents/status/disable?document_id=" + doc), 404,
                "not_found", "Dataset not found.");
        try (UnifiedJedis redis = Services.redis()) {
            redis.setex("document_" + doc + "_indexing", 30, "someone");
            JsonObject busy = status(ds, "disable", doc).expect(200).json();
            assertEquals("indexing_in_progress", busy.getJsonArray("results").getJsonObject(0).getString("result"));
            redis.del("document_" + doc + "_indexing");
        }
        assertTrue(api.get("/api/v1/datasets/" + ds + "/documents/" + doc).json().getBoolean("enabled"));
    }

    @Test
    void aDocumentDisableThatCannotReachTheIndexIsUndone() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, FRUIT);
        api.faults(ds, "delete");
        JsonObject done = awaitOp(status(ds, "disable", doc).expect(202).json());
        api.faults(ds);
        assertEquals("failed", done.getString("state"));
        assertTrue(done.getJsonArray("items").getJsonObject(0).getString("error").contains("injected"));
        assertTrue(api.get("/api/v1/datasets/" + ds + "/documents/" + doc).json().getBoolean("enabled"),
                "the document is enabled again");
        assertEquals(Set.of("apples", "pears", "plums", "cherries"), found(ds));
        try (UnifiedJedis redis = Services.redis()) {
            assertNull(redis.get("document_" + doc + "_indexing"), "marker released");
        }
    }

    @Test
    void aParentChildDocumentComesBackWithAllItsChildren() {
        String ds = api.createDataset("high_quality");
        String body = "{\"name\":\"pc\",\"doc_form\":\"hierarchical_model\",\"segments\":["
                + "{\"content\":\"Volcanoes.\\nLava cools into basalt rock.\"},"
                + "{\"content\":\"Glaciers.\\nIce carves U-shaped valleys.\"}]}";
        String doc = api.post("/api/v1/datasets/" + ds + "/documents", body).expect(201).json().getString("id");
        api.awaitJson("/api/v1/datasets/" + ds + "/documents/" + doc,
                j -> j.getString("indexing_status").equals("completed"));
        awaitOp(status(ds, "archive", doc).expect(202).json());
        assertTrue(api.hitTest(ds, "basalt", "full_text_search", 5).isEmpty());
        awaitOp(status(ds, "un_archive", doc).expect(202).json());
        JsonArray records = api.hitTest(ds, "How do glaciers shape valleys?", "semantic_search", 1);
        assertTrue(records.getJsonObject(0).getJsonObject("segment").getString("content").startsWith("Glaciers"));
        assertTrue(records.getJsonObject(0).getJsonObject("segment").getJsonArray("child_chunks").getJsonObject(0)
                .getString("content").startsWith("Ice carves"));
        assertEquals(1, api.hitTest(ds, "basalt", "full_text_search", 5).size());
    }

    private JsonObject awaitOp(Api.Reply reply) {
        return awaitOp(reply.json());
    }

    private JsonObject awaitOp(JsonObject accepted) {
        return api.awaitOperation(accepted.getString("operation_id"));
    }

    private Api.Reply status(String ds, String action, String doc) {
        return api.patch("/api/v1/datasets/" + ds + "/documents/status/" + action + "?document_id=" + doc);
    }

    /** The fruits that full-text search finds in the dataset. */
    private Set<String> found(String ds) {
        Set<String> out = new HashSet<>();
        for (String fruit : List.of("apples", "pears", "plums", "cherries")) {
            JsonArray records = api.hitTest(ds, fruit, "full_text_search", 5);
            if (!records.isEmpty()) {
                out.add(fruit);
            }
        }
        return out;
    }



    private JsonObject indexState(String ds, String segment) {
        return api.get("/api/v1/datasets/" + ds + "/segments/" + segment + "/index").expect(200).json();
    }

}
