package it.io.segmentindex;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed and hostile requests: each gets a 4xx JSON error, and nothing changes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    final Api api = new Api();
    String ds;
    String doc;
    String seg;
    String before;

    @BeforeAll
    void fixture() {
        ds = api.createDataset("economy");
        doc = api.addDocument(ds, "alpha beta", "gamma delta", "epsilon zeta");
        seg = api.segments(ds, doc).getJsonObject(0).getString("id");
        before = snapshot();
    }

    Stream<Arguments> requests() {
        String d = "/api/v1/datasets";
        String docs = d + "/" + ds + "/documents";
        String segs = docs + "/" + doc + "/segments";
        String hit = d + "/" + ds + "/hit-testing";
        String toggle = d + "/" + ds + "/segments/" + seg;
        String batch = docs + "/" + doc + "/segment/disable";
        String json = "application/json";
        List<Arguments> cases = new ArrayList<>();
        // Datasets: types, enums, sizes, syntax
        add(cases, "POST", d, "{\"name\":123}", json, 400);
        add(cases, "POST", d, "{\"name\":[\"a\"]}", json, 400);
        add(cases, "POST", d, "{\"name\":\"x\",\"indexing_technique\":\"HIGH_QUALITY\"}", json, 400);
        add(cases, "POST", d, "{\"name\":\"x\",\"indexing_technique\":null,\"keyword_number\":-5}", json, 400);
        add(cases, "POST", d, "{\"name\":\"x\",\"keyword_number\":1e10}", json, 400);
        add(cases, "POST", d, "{\"name\":\"x\",\"keyword_number\":\"ten\"}", json, 400);
        add(cases, "POST", d, "{\"name\":\"" + "n".repeat(300) + "\"}", json, 400);
        add(cases, "POST", d, "{\"name\":\"   \"}", json, 400);
        add(cases, "POST", d, "[]", json, 400);
        add(cases, "POST", d, "\"just a string\"", json, 400);
        add(cases, "POST", d, "{\"name\":\"x\"", json, 400);
        add(cases, "POST", d, "{name:'x'}", json, 400);
        add(cases, "POST", d, "{\"name\":\"x\"}garbage", json, 400);
        add(cases, "POST", d, "null", json, 400);
        add(cases, "POST", d, "{\"name\":\"x\"}", "text/plain", 415);
        add(cases, "POST", d, "<name>x</name>", "application/xml", 415);
        add(cases, "POST", d, "{\"name\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}", json, 413);
        add(cases, "PUT", d, "{}", json, 405);
        add(cases, "DELETE", d, null, null, 405);
        // Ids: not UUIDs, SQL-looking, traversal, unknown
        add(cases, "GET", d + "/1", null, null, 404);
        add(cases, "GET", d + "/'%20OR%201=1--", null, null, 404);
        add(cases, "GET", d + "/" + ds + "%27;DROP%20TABLE%20datasets;--", null, null, 404);
        add(cases, "GET", d + "/..%2F..%2Fetc%2Fpasswd", null, null, 400);
        add(cases, "GET", d + "/" + UUID.randomUUID(), null, null, 404);
        add(cases, "GET", docs + "/" + UUID.randomUUID(), null, null, 404);
        add(cases, "GET", segs + "/not-a-segment", null, null, 404);
        add(cases, "GET", segs + "/" + UUID.randomUUID(), null, null, 404);
        add(cases, "GET", "/api/v1/operations/%00", null, null, 400, false);
        add(cases, "GET", "/api/v1/operations/" + UUID.randomUUID(), null, null, 404);
        // Paging and filters
        add(cases, "GET", d + "?page=-1", null, null, 400);
        add(cases, "GET", d + "?page=0", null, null, 400);
        add(cases, "GET", d + "?page=99999999999999", null, null, 400);
        add(cases, "GET", d + "?limit=0", null, null, 400);
        add(cases, "GET", d + "?limit=101", null, null, 400);
        add(cases, "GET", d + "?limit=1.5", null, null, 400);
        add(cases, "GET", segs + "?enabled=yes", null, null, 400);
        add(cases, "GET", segs + "?status=COMPLETED", null, null, 400);
        add(cases, "GET", segs + "?keyword=" + "k".repeat(300), null, null, 400);
        // Documents
        add(cases, "POST", docs, "{\"name\":\"d\"}", json, 400);
        add(cases, "POST", docs, "{\"name\":\"d\",\"segments\":[null]}", json, 400);
        add(cases, "POST", docs, "{\"name\":\"d\",\"segments\":[{\"content\":42}]}", json, 400);
        add(cases, "POST", docs, "{\"name\":\"d\",\"segments\":[{\"content\":\"\\u0000\\u0000\"}],\"doc_form\":\"x\"}",
                json, 400);
        add(cases, "POST", docs, "{\"name\":\"d\",\"segments\":[{\"content\":\"q\"}],\"doc_form\":\"qa_model\"}", json,
                400);
        add(cases, "POST", docs, "{\"name\":\"d\",\"segments\":[{\"content\":\"c\",\"answer\":\"a\"}]}", json, 400);
        add(cases, "POST", docs, "{\"name\":\"d\",\"segments\":[{\"content\":\"c\",\"child_chunks\":[\"x\"]}]}", json,
                400);
        add(cases, "POST", docs, "{\"name\":\"d\",\"doc_form\":\"hierarchical_model\",\"segments\":[{\"content\":\"c\","
                + "\"child_chunks\":[]}]}", json, 400);
        add(cases, "POST", docs, "{\"name\":\"d\",\"segments\":[{\"content\":\"c\",\"keywords\":[\"\"]}]}", json, 400);
        add(cases, "POST", docs, "{\"name\":\"d\",\"segments\":[{\"content\":\"c\",\"keywords\":\"k\"}]}", json, 400);
        add(cases, "POST", docs, "{\"name\":\"d\",\"segments\":[{\"content\":\"" + "c".repeat(100_001) + "\"}]}",
                json, 400);
        add(cases, "POST", d + "/" + UUID.randomUUID() + "/documents",
                "{\"name\":\"d\",\"segments\":[{\"content\":\"c\"}]}", json, 404);
        // Hit testing
        add(cases, "POST", hit, "{}", json, 400);
        add(cases, "POST", hit, "{\"query\":\"" + "q".repeat(2001) + "\"}", json, 400);
        add(cases, "POST", hit, "{\"query\":\"x\",\"retrieval_model\":{\"top_k\":-1}}", json, 400);
        add(cases, "POST", hit, "{\"query\":\"x\",\"retrieval_model\":{\"top_k\":1000000}}", json, 400);
        add(cases, "POST", hit, "{\"query\":\"x\",\"retrieval_model\":{\"search_method\":\"semantic_search\"}}",
                json, 400);
        add(cases, "POST", hit, "{\"query\":\"x\",\"retrieval_model\":\"fast\"}", json, 400);
        add(cases, "POST", hit, "{\"query\":\"x\",\"retrieval_model\":{\"score_threshold_enabled\":true,"
                + "\"score_threshold\":-0.5}}", json, 400);
        // Toggles
        add(cases, "PATCH", toggle + "/toggle", null, null, 400);
        add(cases, "PATCH", toggle + "/DISABLE", null, null, 400);
        add(cases, "PATCH", toggle + "/%F0%9F%92%A5", null, null, 400);
        add(cases, "PATCH", d + "/" + ds + "/segments/" + UUID.randomUUID() + "/disable", null, null, 404);
        add(cases, "PATCH", d + "/" + UUID.randomUUID() + "/segments/" + seg + "/disable", null, null, 404);
        add(cases, "GET", toggle + "/disable", null, null, 405);
        add(cases, "PATCH", batch, null, null, 400);
        add(cases, "PATCH", batch + "?segment_id=", null, null, 400);
        add(cases, "PATCH", batch + ids(10_000), null, null, 414);
        add(cases, "PATCH", batch + ids(1_001), null, null, 400);
        add(cases, "PATCH", docs + "/" + doc + "/segment/purge?segment_id=" + seg, null, null, 400);
        add(cases, "PATCH", docs + "/status/delete?document_id=" + doc, null, null, 400);
        add(cases, "PATCH", docs + "/status/disable", null, null, 400);
        add(cases, "POST", d + "/" + UUID.randomUUID() + "/reconcile", "", json, 404);
        return cases.stream();
    }

    private static String ids(int n) {
        StringBuilder q = new StringBuilder("?segment_id=");
        for (int i = 0; i < n; i++) {
            q.append(i == 0 ? "" : ",").append(UUID.randomUUID());
        }
        return q.toString();
    }

    private static void add(List<Arguments> cases, String method, String path, String body, String type,
                            int status) {
        add(cases, method, path, body, type, status, true);
    }

    /** {@code json} false: refused by the HTTP layer before the application, with the server's own page. */
    private static void add(List<Arguments> cases, String method, String path, String body, String type,
                            int status, boolean json) {
        String label = method + " " + (path.length() > 90 ? path.substring(0, 90) + "…" : path)
                + (body == null ? "" : " " + (body.length() > 60 ? body.substring(0, 60) + "…" : body));
        cases.add(Arguments.of(label, method, path, body, type, status, json));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("requests")
    void isRefusedWithAJsonError(String label, String method, String path, String body, String type, int status,
                                 boolean json) {
        Map<String, String> headers = type == null ? Map.of() : Map.of("Content-Type", type);
        Api.Reply r = api.send(method, path, body, headers);
        assertEquals(status, r.status(), () -> label + " -> " + r.body());
        assertFalse(r.body().contains("Exception") || r.body().contains("at java."), r.body());
        if (!json) {
            assertEquals(before, snapshot());
            return;
        }
        JsonObject error = Json.createReader(new StringReader(r.body())).readObject();
        assertEquals(status, error.getInt("status"));
        assertFalse(error.getString("code").isBlank());
        assertFalse(error.getString("message").isBlank());
        assertFalse(r.body().contains("Exception") || r.body().contains("io.segmentindex") || r.body().contains("SQL"),
                r.body());
        assertEquals(before, snapshot(), "nothing changed after " + label);
    }

    /** Everything a bad request could have touched in this tenant. */
    private String snapshot() {
        StringBuilder s = new StringBuilder();
        s.append(api.get("/api/v1/datasets?limit=100").json().getInt("total"));
        s.append('|').append(api.get("/api/v1/datasets/" + ds + "/documents").json().getInt("total"));
        api.segments(ds, doc).forEach(v -> s.append('|').append(v.asJsonObject().getBoolean("enabled"))
                .append(v.asJsonObject().getInt("version")));
        return s.toString();
    }
}
