package it.io.segmentindex;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeIT {

    @Test
    void ingestAndFind() {
        Api api = new Api();
        String ds = api.createDataset("high_quality");
        String doc = api.addDocument(ds, "The capital of France is Paris, a city on the Seine.",
                "Photosynthesis converts light energy into chemical energy in plants.",
                "The Rust compiler enforces memory safety through ownership and borrowing.");
        var records = api.hitTest(ds, "How do plants turn sunlight into energy?", "semantic_search", 1);
        assertEquals(1, records.size());
        assertEquals(true, records.getJsonObject(0).getJsonObject("segment").getString("content")
                .startsWith("Photosynthesis"));
    }
}
