package it.io.segmentindex;

import io.segmentindex.testing.HostileText;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated hostile text (NUL and other controls, lone and reversed surrogates, invalid UTF-8, empty and 1 MiB
 * strings, bidi marks and combining sequences) in every text field and query parameter of every write and read
 * route of the running server. Each answer is a 2xx that keeps the text exactly, or a JSON 4xx after which the
 * tenant's rows are unchanged; never a 5xx, and always within a second.
 */
class HostileInputIT {

    private static final long BOUND_MS = 1000;

    /** One tenant with an economy dataset and a document (fixtures shared by every try; created once). */
    static final class Fixture {
        final Api api = new Api();
        final String ds = api.createDataset("economy");
        final String doc = api.addDocument(ds, "alpha beta", "gamma delta");
        final String seg = api.segments(ds, doc).getJsonObject(0).getString("id");
    }

    private static Fixture fixture;
    static final Map<String, AtomicInteger> TRIED = new ConcurrentHashMap<>();

    static synchronized Fixture fixture() {
        if (fixture == null) {
            fixture = new Fixture();
        }
        return fixture;
    }

    /**
     * A text field of a route: how to prepare a call that sends a value there (encoded up front, so that a load
     * test spends its time sending), and how to read back what the server kept (null: the route keeps nothing to
     * compare, such as a filter).
     */
    record Target(String name, Function<HostileText, Call> prepare, Function<Api.Reply, String> kept) {
        Api.Reply send(HostileText value) {
            return prepare.apply(value).get();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One request, encoded: a load test can send it on a connection of its own (see {@link NoisyNeighbourIT}). */
    record Call(Api api, String method, String path, byte[] body) implements Supplier<Api.Reply> {
        @Override
        public Api.Reply get() {
            return body == null ? api.send(method, path, null, Map.of()) : api.sendBytes(method, path, body);
        }
    }

    static Call post(Api api, String path, byte[] body) {
        return new Call(api, "POST", path, body);
    }

    static Call get(Api api, String path) {
        return new Call(api, "GET", path, null);
    }

    static Call patch(Api api, String path) {
        return new Call(api, "PATCH", path, null);
    }

    static byte[] body(String before, HostileText value, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(value.jsonLiteral());
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static List<Target> targets(Fixture f) {
        String datasets = "/api/v1/datasets";
        String documents = datasets + "/" + f.ds + "/documents";
        String segments = documents + "/" + f.doc + "/segments";
        Function<Api.Reply, String> firstSegmentContent = r -> firstSegment(f, r).getString("content");
        return List.of(
                new Target("dataset.name", v -> post(f.api, datasets,
                        body("{\"indexing_technique\":\"economy\",\"name\":", v, "}")),
                        r -> r.json().getString("name")),
                new Target("dataset.description", v -> post(f.api, datasets,
                        body("{\"indexing_technique\":\"economy\",\"name\":\"d-" + java.util.UUID.randomUUID()
                                + "\",\"description\":", v, "}")),
                        r -> r.json().getString("description")),
                new Target("document.name", v -> post(f.api, documents,
                        body("{\"segments\":[{\"content\":\"c\"}],\"name\":", v, "}")),
                        r -> r.json().getString("name")),
                new Target("segment.content", v -> post(f.api, documents,
                        body("{\"name\":\"d\",\"segments\":[{\"content\":", v, "}]}")), firstSegmentContent),
                new Target("segment.answer", v -> post(f.api, documents,
                        body("{\"name\":\"d\",\"doc_form\":\"qa_model\",\"segments\":[{\"content\":\"q\",\"answer\":",
                                v, "}]}")),
                        r -> firstSegment(f, r).getString("answer")),
                new Target("segment.keyword", v -> post(f.api, documents,
                        body("{\"name\":\"d\",\"segments\":[{\"content\":\"c\",\"keywords\":[", v, "]}]}")),
                        r -> firstSegment(f, r).getJsonArray("keywords").getString(0)),
                new Target("segment.child_chunk", v -> post(f.api, documents,
                        body("{\"name\":\"d\",\"doc_form\":\"hierarchical_model\",\"segments\":[{\"content\":\"c\","
                                + "\"child_chunks\":[", v, "]}]}")),
                        r -> firstSegment(f, r).getJsonArray("child_chunks").getJsonObject(0).getString("content")),
                new Target("hit_testing.query", v -> post(f.api, datasets + "/" + f.ds + "/hit-testing",
                        body("{\"retrieval_model\":{\"search_method\":\"keyword_search\"},\"query\":", v, "}")),
                        r -> r.json().getJsonObject("query").getString("content")),
                new Target("segments?keyword", v -> get(f.api, segments + "?keyword=" + v.queryEncoded()), null),
                new Target("datasets?page", v -> get(f.api, datasets + "?page=" + v.queryEncoded()), null),
                new Target("documents?limit", v -> get(f.api, documents + "?limit=" + v.queryEncoded()), null),
                new Target("segments?status", v -> get(f.api, segments + "?status=" + v.queryEncoded()), null),
                new Target("batch?segment_id", v -> patch(f.api, documents + "/" + f.doc + "/segment/disable?segment_id="
                        + v.queryEncoded()), null),
                new Target("documents/status?document_id", v -> patch(f.api, documents + "/status/archive?document_id="
                        + v.queryEncoded()), null),
                new Target("unknown query parameter", v -> get(f.api, datasets + "?" + v.queryEncoded() + "=1"), null));
    }

    /** The first segment of the document a 201 names, as the segment list returns it. */
    static JsonObject firstSegment(Fixture f, Api.Reply created) {
        String doc = created.json().getString("id");
        return f.api.get("/api/v1/datasets/" + f.ds + "/documents/" + doc + "/segments").expect(200).json()
                .getJsonArray("data").getJsonObject(0);
    }

    @Provide
    Arbitrary<Target> targetsToTry() {
        return Arbitraries.of(targets(fixture()));
    }

    @Provide
    Arbitrary<HostileText> hostile() {
        return HostileText.any();
    }

    @Property(tries = 300)
    void everyAnswerKeepsTheTextOrRefusesItCleanly(@ForAll("targetsToTry") Target target,
                                                   @ForAll("hostile") HostileText value) throws SQLException {
        TRIED.computeIfAbsent(value.kind(), k -> new AtomicInteger()).incrementAndGet();
        Fixture f = fixture();
        String before = snapshot(f.api.tenant, f.doc);
        Call call = target.prepare().apply(value);
        long start = System.nanoTime();
        Api.Reply reply = call.get();
        long ms = (System.nanoTime() - start) / 1_000_000;
        String label = target + " <- " + value + " -> " + reply.status() + " " + cut(reply.body());
        assertTrue(ms < BOUND_MS, () -> "answered in " + ms + " ms: " + label);
        assertTrue(reply.status() < 500, () -> "a 5xx: " + label);
        assertTrue(reply.status() >= 200, label);
        if (reply.status() >= 400) {
            assertTrue(reply.body().startsWith("{"), () -> "not a JSON error: " + label);
            JsonObject error = Json.createReader(new StringReader(reply.body())).readObject();
            assertEquals(reply.status(), error.getInt("status"), label);
            assertFalse(error.getString("code").isBlank(), label);
            assertFalse(error.getString("message").isBlank(), label);
            assertEquals(before, snapshot(f.api.tenant, f.doc), () -> "rows changed after " + label);
            return;
        }
        assertTrue(value.text() != null, () -> "invalid text was accepted: " + label);
        if (target.kept() != null) {
            assertEquals(value.text(), target.kept().apply(reply), () -> "not kept exactly: " + label);
        }
    }

    /** The README's table counts the classes tried; the build output shows them. */
    @AfterContainer
    static void report() {
        System.out.println("HostileInputIT tried, by class of input: " + TRIED);
    }

    static String cut(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /**
     * Every row a request of this tenant could have written, by table, and the versions of one settled document's
     * segments (a refused toggle must not flip them; documents added by earlier tries may still be indexing).
     */
    static String snapshot(String tenant, String documentId) throws SQLException {
        try (Connection db = Services.db(); PreparedStatement q = db.prepareStatement(
                "SELECT (SELECT count(*) FROM datasets WHERE tenant_id = CAST(? AS uuid)),"
                        + " (SELECT count(*) FROM documents WHERE tenant_id = CAST(? AS uuid)),"
                        + " (SELECT count(*) FROM document_segments WHERE tenant_id = CAST(? AS uuid)),"
                        + " (SELECT count(*) FROM operations WHERE tenant_id = CAST(? AS uuid)),"
                        + " (SELECT string_agg(enabled || ':' || version, ',' ORDER BY position) FROM document_segments"
                        + "  WHERE document_id = CAST(? AS uuid)),"
                        + " (SELECT enabled || ':' || archived FROM documents WHERE id = CAST(? AS uuid))")) {
            for (int i = 1; i <= 4; i++) {
                q.setString(i, tenant);
            }
            q.setString(5, documentId);
            q.setString(6, documentId);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                StringBuilder s = new StringBuilder();
                for (int i = 1; i <= 6; i++) {
                    s.append(r.getString(i)).append('|');
                }
                return s.toString();
            }
        }
    }
}
