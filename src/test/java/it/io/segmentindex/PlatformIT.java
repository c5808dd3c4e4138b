package it.io.segmentindex;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformIT {

    private final Api api = new Api();

    @Test
    void readinessChecksPostgresRedisAndTheIndex() {
        JsonObject ready = api.get("/health/ready").expect(200).json();
        assertEquals("UP", ready.getString("status"));
        Set<String> names = ready.getJsonArray("checks").stream()
                .map(v -> v.asJsonObject().getString("name")).collect(Collectors.toSet());
        assertEquals(Set.of("postgresql", "redis", "index", "accepting-work"), names);
        assertEquals("UP", api.get("/health/live").expect(200).json().getString("status"));
        assertEquals("UP", api.get("/health/started").expect(200).json().getString("status"));
        List<String> all = api.get("/health").expect(200).json().getJsonArray("checks").stream()
                .map(v -> v.asJsonObject().getString("name")).toList();
        assertEquals(new TreeSet<>(all).size(), all.size(), "each check once: " + all);
        assertTrue(all.containsAll(List.of("index", "index-writer", "schema")), all::toString);
    }

    @Test
    void theServerAnswersAnHttp2UpgradeWithHttp11() throws Exception {
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        java.net.http.HttpResponse<String> reply = h2.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(Api.BASE + "/health/live")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode());
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, reply.version(), "no h2c upgrade");
    }

    @Test
    void metricsAreScrapableWithoutAuthenticationAndNamed() {
        String ds = api.createDataset("economy");
        api.addDocument(ds, "metrics are counted");
        api.hitTest(ds, "metrics", "full_text_search", 1);
        String segment = api.segments(ds, api.get("/api/v1/datasets/" + ds + "/documents").json()
                .getJsonArray("data").getJsonObject(0).getString("id")).getJsonObject(0).getString("id");
        String op = api.patch("/api/v1/datasets/" + ds + "/segments/" + segment + "/disable").expect(202).json()
                .getString("operation_id");
        api.awaitJson("/api/v1/operations/" + op, j -> j.getString("state").equals("succeeded"));
        var reply = api.send("GET", "/metrics", null, java.util.Map.of("Accept", "text/plain"));
        assertEquals(200, reply.status());
        String text = reply.body();
        for (String series : new String[] {
            "segment_index_hit_testing_seconds_count\\{[^}]*search_method=\"full_text_search\"[^}]*} [1-9]",
            "segment_index_hit_testing_seconds_count\\{[^}]*search_method=\"keyword_search\"[^}]*} ",
            "segment_index_ingested_segments_total\\{[^}]*} [1-9]",
            "segment_index_documents_indexed_total\\{[^}]*outcome=\"completed\"[^}]*} [1-9]",
            "segment_index_task_seconds_count\\{[^}]*action=\"disable\"[^}]*outcome=\"success\"[^}]*} [1-9]",
            "segment_index_task_seconds_count\\{[^}]*action=\"enable\"[^}]*outcome=\"fallback\"[^}]*} ",
            "segment_index_operations_total\\{[^}]*action=\"disable\"[^}]*outcome=\"success\"[^}]*} [1-9]",
            "segment_index_backlog\\{[^}]*} ",
            "ft_invocations_total\\{[^}]*method=\"io.segmentindex.operations.toggle.IndexCommands.remove\"[^}]*} [1-9]"}) {
            assertTrue(Pattern.compile(series).matcher(text).find(), () -> "no series " + series + " in\n" + text);
        }
    }

    @Test
    void openApiDocumentsEveryEndpoint() {
        String doc = api.send("GET", "/openapi", null, java.util.Map.of("Accept", "application/yaml")).body();
        for (String path : new String[] {"/api/v1/datasets:", "/api/v1/datasets/{dataset_id}:",
                "/api/v1/datasets/{dataset_id}/documents:", "/api/v1/datasets/{dataset_id}/documents/{document_id}:",
                "/api/v1/datasets/{dataset_id}/documents/{document_id}/segments:",
                "/api/v1/datasets/{dataset_id}/documents/{document_id}/segments/{segment_id}:",
                "/api/v1/datasets/{dataset_id}/hit-testing:"}) {
            assertTrue(doc.contains(path), () -> "OpenAPI lacks " + path + " in " + doc.substring(0, Math.min(3000, doc.length())));
        }
        assertEquals(200, api.get("/openapi/ui/").status());
    }

    /**
     * The OpenAPI schemas name the fields as the wire has them: each request schema lists exactly the fields the
     * server reads (its unknown_field error lists them), and each answer schema exactly the fields it writes.
     */
    @Test
    void openApiSchemasNameTheFieldsOfTheWire() {
        JsonObject schemas = api.get("/openapi?format=JSON").expect(200).json().getJsonObject("components")
                .getJsonObject("schemas");
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "one");
        Map<String, String[]> reads = Map.of(
                "CreateDataset", new String[] {"/api/v1/datasets", "{\"zz\":1}"},
                "CreateDocument", new String[] {"/api/v1/datasets/" + ds + "/documents", "{\"zz\":1}"},
                "SegmentInput", new String[] {"/api/v1/datasets/" + ds + "/documents",
                        "{\"segments\":[{\"zz\":1}]}"},
                "HitTesting", new String[] {"/api/v1/datasets/" + ds + "/hit-testing", "{\"zz\":1}"},
                "RetrievalModelInput", new String[] {"/api/v1/datasets/" + ds + "/hit-testing",
                        "{\"retrieval_model\":{\"zz\":1}}"});
        reads.forEach((schema, call) -> {
            Api.Reply r = api.post(call[0], call[1]).expect(400);
            assertEquals("unknown_field", r.json().getString("code"), r.body());
            String listed = r.json().getString("message").replaceAll(".*the fields are: (.*)\\.$", "$1");
            assertEquals(new TreeSet<>(List.of(listed.split(", "))), properties(schemas, schema), schema);
        });
        JsonObject dataset = api.get("/api/v1/datasets/" + ds).expect(200).json();
        assertEquals(new TreeSet<>(dataset.keySet()), properties(schemas, "DatasetView"));
        JsonObject segment = api.segments(ds, doc).getJsonObject(0);
        assertEquals(new TreeSet<>(segment.keySet()), properties(schemas, "SegmentView"));
    }

    private static Set<String> properties(JsonObject schemas, String name) {
        return new TreeSet<>(schemas.getJsonObject(name).getJsonObject("properties").keySet());
    }
}
