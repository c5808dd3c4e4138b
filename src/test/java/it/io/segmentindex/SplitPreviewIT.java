package it.io.segmentindex;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The split preview: what pasted text becomes, which a document add then takes as it is; it changes nothing. */
class SplitPreviewIT {

    final Api api = new Api();

    private Api.Reply preview(String ds, JsonObject body) {
        return api.post("/api/v1/datasets/" + ds + "/documents/split-preview", body.toString());
    }

    @Test
    void textSplitsAtBlankLinesAndLongParagraphsAtSentencesAndTheSegmentsCanBeAddedAsTheyAre() {
        String ds = api.createDataset("economy");
        String longParagraph = "One sentence here. ".repeat(10).strip();
        JsonObject reply = preview(ds, Json.createObjectBuilder()
                .add("text", "First paragraph.\n\n\n" + longParagraph + "\n\nLast one.").add("max_chars", 60).build())
                .expect(200).json();
        assertEquals("text_model", reply.getString("doc_form"));
        JsonArray segments = reply.getJsonArray("segments");
        assertEquals(reply.getInt("total"), segments.size());
        assertEquals("First paragraph.", segments.getJsonObject(0).getString("content"));
        assertEquals("Last one.", segments.getJsonObject(segments.size() - 1).getString("content"));
        assertTrue(segments.size() >= 5, "the long paragraph was cut: " + segments);
        segments.forEach(s -> assertTrue(s.asJsonObject().getString("content").length() <= 60, s.toString()));
        assertEquals(0, api.get("/api/v1/datasets/" + ds + "/documents").expect(200).json().getInt("total"),
                "a preview writes nothing");

        String doc = api.post("/api/v1/datasets/" + ds + "/documents", Json.createObjectBuilder().add("name", "pasted")
                .add("doc_form", "text_model").add("segments", segments).build().toString()).expect(201).json()
                .getString("id");
        JsonObject added = api.awaitJson("/api/v1/datasets/" + ds + "/documents/" + doc,
                j -> j.getString("indexing_status").equals("completed"));
        assertEquals(segments.size(), api.segmentIds(ds, doc).size(), added.toString());
    }

    @Test
    void parentChildShowsTheChildChunksAndQuestionAndAnswerReadsQuestionLines() {
        String ds = api.createDataset("economy");
        JsonArray parents = preview(ds, Json.createObjectBuilder().add("doc_form", "hierarchical_model")
                .add("text", "Alpha line one\nAlpha line two\n\nBeta only").build()).expect(200).json()
                .getJsonArray("segments");
        assertEquals(2, parents.size());
        assertEquals(Json.createArrayBuilder().add("Alpha line one").add("Alpha line two").build(),
                parents.getJsonObject(0).getJsonArray("child_chunks"));

        JsonArray qa = preview(ds, Json.createObjectBuilder().add("doc_form", "qa_model")
                .add("text", "What is TCP?\nA transport protocol.\n\nWhy sourdough?\nFlavour.\nAnd keeping.").build())
                .expect(200).json().getJsonArray("segments");
        assertEquals(2, qa.size());
        assertEquals("Why sourdough?", qa.getJsonObject(1).getString("content"));
        assertEquals("Flavour.\nAnd keeping.", qa.getJsonObject(1).getString("answer"));

        assertError(preview(ds, Json.createObjectBuilder().add("doc_form", "qa_model")
                .add("text", "A question alone?").build()), 400, "invalid_param", null);
    }

    @Test
    void badInputIsRefusedWithItsReason() {
        String ds = api.createDataset("economy");
        assertError(preview(ds, Json.createObjectBuilder().add("text", "x").add("max_chars", 10).build()), 400,
                "invalid_param", null);
        assertError(preview(ds, Json.createObjectBuilder().add("text", "------").add("separator", "--").build()), 400,
                "invalid_param", "text holds no segment: it is empty or only separators.");
        assertError(preview(ds, Json.createObjectBuilder().add("text", "x").add("colour", "red").build()), 400,
                "unknown_field", null);
        assertError(preview(ds, Json.createObjectBuilder().add("text", "bad \u0000 text").build()), 400,
                "invalid_text", null);
        assertError(new Api().post("/api/v1/datasets/" + ds + "/documents/split-preview", "{\"text\":\"x\"}"), 404,
                "not_found", null);
    }
}
