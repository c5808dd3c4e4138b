package it.io.segmentindex;

import jakarta.json.JsonArray;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicroShedTest
public class RetrievalIT {

    /** Six unrelated facts, one per segment; other tests reuse them. */
    public static final String[] CORPUS = {
        "The Eiffel Tower was completed in 1889 and stands on the Champ de Mars in Paris.",
        "Mitochondria produce most of the chemical energy that powers a cell's biochemical reactions.",
        "A sourdough starter is a fermented mixture of flour and water full of wild yeast.",
        "TCP retransmits lost segments and uses a sliding window for flow control.",
        "The Amazon rainforest spans nine countries and holds a tenth of the world's species.",
        "Compound interest means earning interest on previously accumulated interest.",
    };

    private final Api api = BlackBox.api();

    @Test
    void semanticSearchFindsTheSegmentByMeaning() {
        String ds = api.createDataset("high_quality");
        api.addDocument(ds, CORPUS);
        assertTop(api.hitTest(ds, "Which organelle generates energy in cells?", "semantic_search", 3),
                "Mitochondria");
        assertTop(api.hitTest(ds, "baking bread with natural yeast", "semantic_search", 3), "A sourdough");
        assertTop(api.hitTest(ds, "network protocol packet loss", "semantic_search", 3), "TCP");
    }

    @Test
    void keywordSearchesFindTheSegmentByItsWords() {
        String ds = api.createDataset("high_quality");
        api.addDocument(ds, CORPUS);
        assertTop(api.hitTest(ds, "sliding window", "full_text_search", 3), "TCP");
        assertTop(api.hitTest(ds, "interest", "keyword_search", 3), "Compound");
        assertTop(api.hitTest(ds, "tower in Paris", "hybrid_search", 3), "The Eiffel");
    }

    @Test
    void aQueryAskedAgainIsNotEmbeddedAgainAndFindsTheSame() {
        String ds = api.createDataset("high_quality");
        api.addDocument(ds, CORPUS);
        String query = "Which organelle generates energy in cells? " + java.util.UUID.randomUUID();
        double fromModel = queryVectors("model");
        double fromCache = queryVectors("cache");
        JsonArray first = api.hitTest(ds, query, "semantic_search", 3);
        assertEquals(fromModel + 1, queryVectors("model"), "a new query is embedded once");
        JsonArray again = api.hitTest(ds, query, "semantic_search", 3);
        api.hitTest(ds, query, "hybrid_search", 3);
        assertEquals(fromModel + 1, queryVectors("model"), "not again, for either method");
        assertEquals(fromCache + 2, queryVectors("cache"));
        assertEquals(first, again, "the kept vector finds what the model's did");
    }

    /** The server's count of query vectors from this source (other tests' queries add to it, never this one's). */
    private double queryVectors(String source) {
        var m = java.util.regex.Pattern.compile("segment_index_query_vectors_total\\{[^}]*source=\"" + source
                + "\"[^}]*} ([0-9.E]+)").matcher(api.metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void economyDatasetsSearchByKeywordsOnly() {
        String ds = api.createDataset("economy");
        api.addDocument(ds, CORPUS);
        assertTop(api.hitTest(ds, "rainforest species", "full_text_search", 2), "The Amazon");
        assertError(api.post("/api/v1/datasets/" + ds + "/hit-testing",
                "{\"query\":\"x\",\"retrieval_model\":{\"search_method\":\"semantic_search\"}}"), 400,
                "invalid_param", null);
    }

    @Test
    void topKAndScoreThresholdAreHonoured() {
        String ds = api.createDataset("high_quality");
        api.addDocument(ds, CORPUS);
        assertEquals(2, api.hitTest(ds, "energy", "semantic_search", 2).size());
        var all = api.hitTest(ds, "energy", "semantic_search", 6);
        assertEquals(6, all.size());
        double best = all.getJsonObject(0).getJsonNumber("score").doubleValue();
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.getJsonObject(i).getJsonNumber("score").doubleValue() <= best, "sorted by score");
        }
        String thresholded = "{\"query\":\"energy\",\"retrieval_model\":{\"search_method\":\"semantic_search\","
                + "\"top_k\":6,\"score_threshold_enabled\":true,\"score_threshold\":" + (best - 0.0001) + "}}";
        var records = api.post("/api/v1/datasets/" + ds + "/hit-testing", thresholded).expect(200).json()
                .getJsonArray("records");
        assertEquals(1, records.size());
    }

    @Test
    void badRetrievalRequestsAre400() {
        String ds = api.createDataset("high_quality");
        String path = "/api/v1/datasets/" + ds + "/hit-testing";
        assertError(api.post(path, "{\"query\":\"\"}"), 400, "invalid_param", "query is required.");
        assertError(api.post(path, "{\"query\":\"x\",\"retrieval_model\":{\"search_method\":\"magic\"}}"), 400,
                "invalid_param", null);
        assertError(api.post(path, "{\"query\":\"x\",\"retrieval_model\":{\"top_k\":0}}"), 400, "invalid_param",
                "retrieval_model.top_k must be between 1 and 100.");
        assertError(api.post(path, "{\"query\":\"x\",\"retrieval_model\":{\"score_threshold_enabled\":true,"
                + "\"score_threshold\":7}}"), 400, "invalid_param", null);
        assertError(api.post("/api/v1/datasets/" + java.util.UUID.randomUUID() + "/hit-testing", "{\"query\":\"x\"}"),
                404, "not_found", "Dataset not found.");
        assertError(BlackBox.api().post(path, "{\"query\":\"x\"}"), 404, "not_found", "Dataset not found.");
    }

    static void assertTop(JsonArray records, String prefix) {
        assertTrue(records.size() > 0, "no records");
        String content = records.getJsonObject(0).getJsonObject("segment").getString("content");
        assertTrue(content.startsWith(prefix), () -> "top record was: " + content + "; all: " + records);
    }
}
