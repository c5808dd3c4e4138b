package io.segmentindex.knowledge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class TextStatsTest {

    @Test
    void countsWordsAndEstimatesTokens() {
        assertEquals(0, TextStats.words("  "));
        assertEquals(3, TextStats.words(" one  two\nthree "));
        assertEquals(3, TextStats.tokens("a b c"));
        assertEquals(25, TextStats.tokens("x".repeat(100)));
    }

    @Test
    void hashIsSha256HexOfTheText() {
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", TextStats.hash("hello"));
        assertNotEquals(TextStats.hash("a"), TextStats.hash("b"));
    }

    @Test
    void wireValuesParseOnlyTheirOwnNames() {
        assertEquals(DocForm.QA_MODEL, WireValue.parse(DocForm.class, "qa_model").orElseThrow());
        assertEquals(true, WireValue.parse(DocForm.class, "QA_MODEL").isEmpty());
        assertEquals("high_quality, economy", WireValue.allowed(IndexingTechnique.class));
    }
}
