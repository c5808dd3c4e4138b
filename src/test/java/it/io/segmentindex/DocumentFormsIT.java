package it.io.segmentindex;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each document form with each indexing technique: ingest, find, disable, gone, enable, found again. */
class DocumentFormsIT {

    final Api api = new Api();

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"text_model,high_quality", "text_model,economy", "qa_model,high_quality", "qa_model,economy",
        "hierarchical_model,high_quality", "hierarchical_model,economy"})
    void roundTrip(String form, String technique) {
        String ds = api.createDataset(technique);
        String doc = ingest(ds, form);
        String method = technique.equals("high_quality") ? "semantic_search" : "full_text_search";
        String query = technique.equals("high_quality") ? "How do cells make energy?" : "mitochondria energy";

        JsonObject hit = top(ds, query, method);
        String segment = hit.getJsonObject("segment").getString("id");
        JsonObject before = segment(ds, doc, segment);
        assertTrue(before.getString("content").contains("itochondri"), before.toString());
        assertRepresentation(form, hit, before);

        await(api.patch("/api/v1/datasets/" + ds + "/segments/" + segment + "/disable").expect(202));
        assertFalse(indexState(ds, segment).getBoolean("in_index"));
        for (String q : queriesFor(form, before)) {
            for (String m : technique.equals("high_quality") ? List.of("semantic_search", "full_text_search")
                    : List.of("full_text_search", "keyword_search")) {
                JsonArray records = api.hitTest(ds, q, m, 10);
                for (int i = 0; i < records.size(); i++) {
                    assertFalse(records.getJsonObject(i).getJsonObject("segment").getString("id").equals(segment),
                            "disabled segment returned for '" + q + "' by " + m);
                }
            }
        }

        await(api.patch("/api/v1/datasets/" + ds + "/segments/" + segment + "/enable").expect(202));
        assertTrue(indexState(ds, segment).getBoolean("in_index"));
        JsonObject again = top(ds, query, method);
        assertEquals(segment, again.getJsonObject("segment").getString("id"));
        JsonObject after = segment(ds, doc, segment);
        assertEquals(before.get("answer"), after.get("answer"), "answer kept");
        assertEquals(before.getJsonArray("keywords"), after.getJsonArray("keywords"), "keywords kept");
        assertEquals(before.getJsonArray("child_chunks"), after.getJsonArray("child_chunks"), "children kept");
        assertRepresentation(form, again, after);
    }

    private String ingest(String ds, String form) {
        var segments = Json.createArrayBuilder();
        switch (form) {
            case "qa_model" -> {
                segments.add(Json.createObjectBuilder()
                        .add("content", "What do mitochondria do for the energy of a cell?")
                        .add("answer", "They produce ATP through cellular respiration.")
                        .add("keywords", Json.createArrayBuilder().add("mitochondria").add("ATP")));
                segments.add(Json.createObjectBuilder().add("content", "When was the Eiffel Tower finished?")
                        .add("answer", "In 1889."));
                segments.add(Json.createObjectBuilder().add("content", "What is a sourdough starter made of?")
                        .add("answer", "Flour, water and wild yeast."));
            }
            case "hierarchical_model" -> {
                segments.add(Json.createObjectBuilder()
                        .add("content", "Cell biology basics. Mitochondria produce the energy of the cell.")
                        .add("keywords", Json.createArrayBuilder().add("mitochondria").add("biology"))
                        .add("child_chunks", Json.createArrayBuilder().add("Cell biology basics.")
                                .add("Mitochondria produce the energy of the cell.")));
                // No child_chunks: split automatically at newlines.
                segments.add(Json.createObjectBuilder()
                        .add("content", "Paris landmarks.\nThe Eiffel Tower was finished in 1889."));
                segments.add(Json.createObjectBuilder()
                        .add("content", "Baking.\nA sourdough starter holds wild yeast."));
            }
            default -> {
                for (String c : RetrievalIT.CORPUS) {
                    segments.add(Json.createObjectBuilder().add("content", c));
                }
            }
        }
        String body = Json.createObjectBuilder().add("name", form).add("doc_form", form).add("segments", segments)
                .build().toString();
        String doc = api.post("/api/v1/datasets/" + ds + "/documents", body).expect(201).json().getString("id");
        JsonObject done = api.awaitJson("/api/v1/datasets/" + ds + "/documents/" + doc,
                j -> !j.getString("indexing_status").equals("waiting")
                        && !j.getString("indexing_status").equals("indexing"));
        assertEquals("completed", done.getString("indexing_status"), done.toString());
        if (form.equals("hierarchical_model")) {
            JsonArray listed = api.segments(ds, doc);
            assertEquals(2, listed.getJsonObject(1).getJsonArray("child_chunks").size(), "split at the newline");
            assertEquals("automatic", listed.getJsonObject(1).getJsonArray("child_chunks").getJsonObject(0)
                    .getString("type"));
            assertEquals("customized", listed.getJsonObject(0).getJsonArray("child_chunks").getJsonObject(0)
                    .getString("type"));
        }
        return doc;
    }

    private static void assertRepresentation(String form, JsonObject record, JsonObject segment) {
        JsonObject seg = record.getJsonObject("segment");
        switch (form) {
            case "qa_model" -> assertEquals("They produce ATP through cellular respiration.", seg.getString("answer"));
            case "hierarchical_model" -> {
                assertEquals(2, segment.getJsonArray("child_chunks").size());
                JsonArray matched = seg.getJsonArray("child_chunks");
                assertFalse(matched.isEmpty(), "matching child chunks are listed: " + record);
                assertTrue(matched.getJsonObject(0).getString("content").startsWith("Mitochondria"), matched.toString());
            }
            default -> assertTrue(seg.isNull("answer"));
        }
    }

    /** Every text that could find the segment: its content, and for parent-child each of its children. */
    private static List<String> queriesFor(String form, JsonObject segment) {
        List<String> out = new ArrayList<>(List.of(segment.getString("content")));
        if (form.equals("hierarchical_model")) {
            segment.getJsonArray("child_chunks").forEach(c -> out.add(c.asJsonObject().getString("content")));
        }
        return out;
    }

    private JsonObject top(String ds, String query, String method) {
        JsonArray records = api.hitTest(ds, query, method, 3);
        assertFalse(records.isEmpty(), "nothing found for " + query);
        return records.getJsonObject(0);
    }

    private void await(Api.Reply reply) {
        String op = reply.json().getString("operation_id");
        JsonObject done = api.awaitJson("/api/v1/operations/" + op, j -> j.getString("state").equals("succeeded")
                || j.getString("state").contains("failed"));
        assertEquals("succeeded", done.getString("state"), done.toString());
    }

    private JsonObject segment(String ds, String doc, String id) {
        return api.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments/" + id).expect(200).json();
    }

    private JsonObject indexState(String ds, String segment) {
        return api.get("/api/v1/datasets/" + ds + "/segments/" + segment + "/index").expect(200).json();
    }
}
