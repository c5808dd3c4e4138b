package io.segmentindex.knowledge;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentSegmentTest {

    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-01T00:00:00Z");

    final Dataset dataset = new Dataset("t1", "d", null, IndexingTechnique.ECONOMY, null, 10, "u", NOW);
    final Document document = new Document(dataset, 1, "doc", DocForm.QA_MODEL, "u", NOW);

    @Test
    void aNewSegmentWaitsAndIsNotSearchableUntilCompleted() {
        DocumentSegment s = new DocumentSegment(document, 0, "What is it?", "A test.", null, "u", NOW);
        assertEquals(SegmentStatus.WAITING, s.getStatus());
        assertFalse(s.isSearchable());
        s.completeIndexing(NOW);
        assertTrue(s.isSearchable());
    }

    @Test
    void itCountsTheWordsOfTheQuestionAndTheAnswer() {
        DocumentSegment s = new DocumentSegment(document, 0, "one two three", "four five", null, "u", NOW);
        assertEquals(5, s.getWordCount());
        assertEquals(TextStats.tokens("one two three") + TextStats.tokens("four five"), s.getTokens());
    }

    @Test
    void itBelongsToItsDocumentsTenantAndDatasetWithItsOwnIndexNode() {
        DocumentSegment a = new DocumentSegment(document, 0, "same text", null, null, "u", NOW);
        DocumentSegment b = new DocumentSegment(document, 1, "same text", null, null, "u", NOW);
        assertEquals("t1", a.getTenantId());
        assertEquals(dataset.getId(), a.getDatasetId());
        assertEquals(document.getId(), a.getDocumentId());
        assertNotEquals(a.getIndexNodeId(), b.getIndexNodeId(), "one node per segment");
        assertEquals(a.getIndexNodeHash(), b.getIndexNodeHash(), "the hash is of the text");
    }

    @Test
    void emptyKeywordsAreNoKeywordsAndUserKeywordsAreKept() {
        DocumentSegment none = new DocumentSegment(document, 0, "text", null, List.of(), "u", NOW);
        assertNull(none.getKeywords());
        assertFalse(none.hasUserKeywords());
        DocumentSegment given = new DocumentSegment(document, 0, "text", null, List.of("alpha", "beta"), "u", NOW);
        assertTrue(given.hasUserKeywords());
        given.completeKeywords(List.of());
        assertNull(given.getKeywords(), "completed without keywords");
    }
}
