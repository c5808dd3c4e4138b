package io.segmentindex.indexing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeywordExtractorTest {

    @Test
    void mostFrequentContentWordsFirstWithoutStopWords() {
        List<String> k = KeywordExtractor.extract(
                "The index stores vectors. The index deletes vectors by id, and the index refreshes.", 3);
        assertEquals(List.of("index", "vectors", "refreshes"), k);
    }

    @Test
    void respectsTheLimitAndSkipsNumbersAndShortWords() {
        List<String> k = KeywordExtractor.extract("a 2024 x y alpha beta gamma delta", 2);
        assertEquals(2, k.size());
        assertTrue(k.stream().noneMatch(w -> w.equals("2024") || w.length() < 2), k.toString());
    }

    @Test
    void emptyTextHasNoKeywords() {
        assertEquals(List.of(), KeywordExtractor.extract("", 5));
        assertEquals(List.of(), KeywordExtractor.extract(null, 5));
        assertEquals(List.of(), KeywordExtractor.extract("the and of", 5));
    }
}
