package it.io.segmentindex;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import io.segmentindex.devsupport.JwtSigner;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A small HTTP client for the running server, with each test in a tenant of its own. */
public final class Api {

    public static final String BASE = System.getProperty("it.base.url", "http://localhost:9080");
    // HTTP/1.1, as admin clients and the benchmarks use it: with h2c upgrade, many concurrent streams on one
    // connection can leave Liberty's HTTP/2 writers waiting forever (Open Liberty issue 24167).
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static final String ISSUER = "segment-index-dev";
    static final String AUDIENCE = "segment-index";
    private static final JwtSigner SIGNER = new JwtSigner(Path.of(System.getProperty("it.jwt.private-key",
            "src/dev/jwt/dev-private.pem")));

    public final String tenant;
    private final String token;
    private final String base;

    /** A caller in a tenant of its own, as user "it-user" with every role. */
    public Api() {
        this(UUID.randomUUID().toString());
    }

    public Api(String tenant) {
        this(tenant, "it-user", new String[] {"admin"});
    }

    public Api(String tenant, String subject, String... groups) {
        this(tenant, token(claims(tenant, subject, groups).build()), BASE);
    }

    private final HttpClient http;

    private Api(String tenant, String token, String base) {
        this(tenant, token, base, HTTP);
    }

    private Api(String tenant, String token, String base, HttpClient http) {
        this.tenant = tenant;
        this.token = token;
        this.base = base;
        this.http = http;
    }

    /** The same caller on connections of its own, so that another caller's traffic in this JVM cannot queue it. */
    public Api withOwnConnections() {
        return new Api(tenant, token, base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** The same caller, talking to another server (a second replica). */
    public Api at(String otherBase) {
        return new Api(tenant, token, otherBase, http);
    }

    /** The bearer token this caller sends. */
    public String token() {
        return token;
    }

    /** A caller without a token. */
    public static Api anonymous() {
        return new Api(UUID.randomUUID().toString(), null, BASE);
    }

    /** Claims the server accepts, to be changed by tests of what it refuses. */
    public static jakarta.json.JsonObjectBuilder claims(String tenant, String subject, String... groups) {
        long now = System.currentTimeMillis() / 1000;
        var g = Json.createArrayBuilder();
        for (String group : groups) {
            g.add(group);
        }
        return Json.createObjectBuilder().add("iss", ISSUER).add("aud", AUDIENCE).add("sub", subject)
                .add("upn", subject).add("tenant_id", tenant).add("groups", g).add("iat", now)
                .add("exp", now + 3600).add("jti", UUID.randomUUID().toString());
    }

    public static String token(JsonObject claims) {
        return SIGNER.sign(claims);
    }

    public record Reply(int status, String body, HttpResponse<String> raw) {
        public JsonObject json() {
            try (var r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }

        public Reply expect(int expected) {
            assertEquals(expected, status, () -> "unexpected status; body: " + body);
            return this;
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Reply post(String path, String json) {
        return send("POST", path, json, Map.of());
    }

    public Reply patch(String path) {
        return send("PATCH", path, null, Map.of());
    }

    /** The Prometheus text of /metrics. */
    public String metrics() {
        return send("GET", "/metrics", null, Map.of("Accept", "text/plain")).expect(200).body();
    }

    public Reply send(String method, String path, String body, Map<String, String> headers) {
        return exchange(method, path, body == null ? null : HttpRequest.BodyPublishers.ofString(body), headers);
    }

    /** A JSON body given as bytes, so that a test can send what no Java string holds (invalid UTF-8). */
    public Reply sendBytes(String method, String path, byte[] body) {
        return exchange(method, path, HttpRequest.BodyPublishers.ofByteArray(body), Map.of());
    }

    private Reply exchange(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::setHeader);
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, body);
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- domain helpers

    public String createDataset(String technique) {
        JsonObject body = Json.createObjectBuilder()
                .add("name", "ds-" + UUID.randomUUID())
                .add("indexing_technique", technique)
                .build();
        return post("/api/v1/datasets", body.toString()).expect(201).json().getString("id");
    }

    /** Adds a text document with these segment contents and waits until it is indexed. */
    public String addDocument(String datasetId, String... contents) {
        var segments = Json.createArrayBuilder();
        for (String c : contents) {
            segments.add(Json.createObjectBuilder().add("content", c));
        }
        JsonObject body = Json.createObjectBuilder().add("name", "doc").add("doc_form", "text_model")
                .add("segments", segments).build();
        String id = post("/api/v1/datasets/" + datasetId + "/documents", body.toString()).expect(201).json()
                .getString("id");
        awaitJson("/api/v1/datasets/" + datasetId + "/documents/" + id,
                j -> !j.getString("indexing_status").equals("waiting")
                        && !j.getString("indexing_status").equals("indexing"));
        JsonObject doc = get("/api/v1/datasets/" + datasetId + "/documents/" + id).json();
        assertEquals("completed", doc.getString("indexing_status"), () -> "document failed: " + doc);
        return id;
    }

    /** The batch route: the segment ids in the query string, as Dify's route takes them. */
    public static String batchPath(String ds, String doc, String action, List<String> ids) {
        StringBuilder q = new StringBuilder();
        for (String id : ids) {
            q.append(q.length() == 0 ? "?" : "&").append("segment_id=")
                    .append(java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
        }
        return "/api/v1/datasets/" + ds + "/documents/" + doc + "/segment/" + action + q;
    }

    /** Adds a document of {@code count} segments in one request and waits until it is indexed. */
    public String addLargeDocument(String datasetId, int count, java.util.function.IntFunction<String> content) {
        var segments = Json.createArrayBuilder();
        for (int i = 0; i < count; i++) {
            segments.add(Json.createObjectBuilder().add("content", content.apply(i)));
        }
        String id = post("/api/v1/datasets/" + datasetId + "/documents", Json.createObjectBuilder().add("name", "big")
                .add("segments", segments).build().toString()).expect(201).json().getString("id");
        awaitJson("/api/v1/datasets/" + datasetId + "/documents/" + id,
                j -> j.getString("indexing_status").equals("completed"));
        return id;
    }

    /** Disables these segments with batch calls of 1,000; the operation ids. */
    public List<String> disableInBatches(String datasetId, String documentId, List<String> ids) {
        List<String> ops = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            ops.add(patch(batchPath(datasetId, documentId, "disable", ids.subList(i, Math.min(ids.size(), i + 1000))))
                    .expect(202).json().getString("operation_id"));
        }
        return ops;
    }

    /** Runs a reconcile of the dataset to its end; its summary (missing, extra, repaired). */
    public JsonObject reconcile(String datasetId) {
        String op = post("/api/v1/datasets/" + datasetId + "/reconcile", "").expect(202).json()
                .getString("operation_id");
        return awaitJson("/api/v1/operations/" + op, j -> j.getString("state").equals("succeeded"));
    }

    /** Every segment id of a document, in order, page by page. */
    public List<String> segmentIds(String datasetId, String documentId) {
        List<String> ids = new java.util.ArrayList<>();
        for (int page = 1; ; page++) {
            JsonObject reply = get("/api/v1/datasets/" + datasetId + "/documents/" + documentId
                    + "/segments?limit=100&page=" + page).expect(200).json();
            reply.getJsonArray("data").forEach(v -> ids.add(v.asJsonObject().getString("id")));
            if (!reply.getBoolean("has_more")) {
                return ids;
            }
        }
    }

    public JsonArray segments(String datasetId, String documentId) {
        return get("/api/v1/datasets/" + datasetId + "/documents/" + documentId + "/segments?limit=100").expect(200)
                .json().getJsonArray("data");
    }

    public JsonArray hitTest(String datasetId, String query, String method, int topK) {
        JsonObject body = Json.createObjectBuilder().add("query", query)
                .add("retrieval_model", Json.createObjectBuilder().add("search_method", method).add("top_k", topK))
                .build();
        return post("/api/v1/datasets/" + datasetId + "/hit-testing", body.toString()).expect(200).json()
                .getJsonArray("records");
    }

    /** Makes every index write of the dataset take this long (the test server's slow fault). */
    public void slowWrites(String datasetId, int millis) {
        send("PUT", "/api/v1/test-support/datasets/" + datasetId + "/index-faults",
                Json.createObjectBuilder().add("fail", Json.createArrayBuilder().add("slow")).add("slow_ms", millis)
                        .build().toString(), Map.of()).expect(200);
    }

    /** Makes index writes of the dataset fail (delete, upsert) or slow down (slow); no kinds clears it. */
    public void faults(String datasetId, String... kinds) {
        var array = Json.createArrayBuilder();
        for (String k : kinds) {
            array.add(k);
        }
        send("PUT", "/api/v1/test-support/datasets/" + datasetId + "/index-faults",
                Json.createObjectBuilder().add("fail", array).build().toString(), Map.of()).expect(200);
    }

    /** Waits until the operation is no longer queued or running. */
    public JsonObject awaitOperation(String operationId) {
        return awaitJson("/api/v1/operations/" + operationId,
                j -> !j.getString("state").equals("queued") && !j.getString("state").equals("running"));
    }

    public JsonObject awaitJson(String path, Predicate<JsonObject> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            Reply r = get(path);
            if (r.status() == 200) {
                last = r.json();
                if (done.test(last)) {
                    return last;
                }
            }
            sleep(100);
        }
        fail("timed out waiting on " + path + "; last: " + last);
        return null;
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String str(JsonValue v) {
        return v instanceof JsonStructure s ? s.toString() : String.valueOf(v);
    }
}
