package io.segmentindex.knowledge;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentTest {

    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    static final OffsetDateTime LATER = NOW.plusSeconds(3);

    final Dataset dataset = new Dataset("t1", "d", null, IndexingTechnique.ECONOMY, null, 10, "u", NOW);

    Document indexed() {
        Document d = new Document(dataset, 1, "doc", DocForm.TEXT_MODEL, "u", NOW);
        d.startIndexing("me", LATER, NOW);
        d.completeIndexing(120, 150, LATER);
        return d;
    }

    @Test
    void aNewDocumentIsNotAvailableUntilItsIndexingCompletes() {
        Document d = new Document(dataset, 1, "doc", DocForm.TEXT_MODEL, "u", NOW);
        assertFalse(d.isAvailableForIndex());
        d.startIndexing("me", LATER, NOW);
        assertFalse(d.isAvailableForIndex());
        d.completeIndexing(120, 150, LATER);
        assertTrue(d.isAvailableForIndex());
        assertEquals(3.0, d.getIndexingLatency(), 1e-9);
        assertEquals(120, d.getWordCount());
    }

    @Test
    void disablingRecordsWhoAndWhenAndMakesItUnavailable() {
        Document d = indexed();
        assertTrue(d.applyStatus(DocumentAction.DISABLE, "admin", LATER));
        assertFalse(d.isEnabled());
        assertEquals("admin", d.getDisabledBy());
        assertEquals(LATER, d.getDisabledAt());
        assertEquals("admin", d.getUpdatedBy());
        assertFalse(d.isAvailableForIndex());
    }

    @Test
    void anActionThatFindsTheDocumentAlreadyThatWayChangesNothing() {
        Document d = indexed();
        assertFalse(d.applyStatus(DocumentAction.ENABLE, "admin", LATER));
        assertFalse(d.applyStatus(DocumentAction.UN_ARCHIVE, "admin", LATER));
        assertNull(d.getUpdatedBy(), "nothing was updated");
        assertEquals(LATER, d.getUpdatedAt());
    }

    @Test
    void enablingClearsTheDisabledFields() {
        Document d = indexed();
        d.applyStatus(DocumentAction.DISABLE, "admin", LATER);
        assertTrue(d.applyStatus(DocumentAction.ENABLE, "other", LATER.plusSeconds(1)));
        assertTrue(d.isEnabled());
        assertNull(d.getDisabledAt());
        assertNull(d.getDisabledBy());
        assertTrue(d.isAvailableForIndex());
    }

    @Test
    void archivingTakesItOutOfTheIndexAndUnArchivingPutsItBack() {
        Document d = indexed();
        assertTrue(d.applyStatus(DocumentAction.ARCHIVE, "admin", LATER));
        assertTrue(d.isArchived());
        assertEquals(LATER, d.getArchivedAt());
        assertFalse(d.isAvailableForIndex());
        assertFalse(d.applyStatus(DocumentAction.ARCHIVE, "admin", LATER), "already archived");
        assertTrue(d.applyStatus(DocumentAction.UN_ARCHIVE, "admin", LATER));
        assertNull(d.getArchivedAt());
        assertTrue(d.isAvailableForIndex());
    }

    @Test
    void aDocumentIsInTheStateOfAnActionExactlyWhenApplyingItWouldChangeNothing() {
        for (DocumentAction action : DocumentAction.values()) {
            Document d = indexed();
            boolean before = d.isInStateOf(action);
            assertEquals(before, !d.applyStatus(action, "admin", LATER), action.wire());
            assertTrue(d.isInStateOf(action), "after " + action.wire());
        }
        Document d = indexed();
        assertTrue(d.isInStateOf(DocumentAction.ENABLE));
        assertTrue(d.isInStateOf(DocumentAction.UN_ARCHIVE));
        assertFalse(d.isInStateOf(DocumentAction.DISABLE));
        assertFalse(d.isInStateOf(DocumentAction.ARCHIVE));
    }

    @Test
    void anotherServersIndexingIsItsOwnOnlyWhileItsLeaseRuns() {
        Document d = new Document(dataset, 1, "doc", DocForm.TEXT_MODEL, "u", NOW);
        d.startIndexing("server-a", LATER, NOW);
        assertTrue(d.isIndexedByAnother("server-b", NOW));
        assertFalse(d.isIndexedByAnother("server-a", NOW), "its own");
        assertFalse(d.isIndexedByAnother("server-b", LATER), "the lease ran out");
        d.completeIndexing(1, 1, NOW);
        assertFalse(d.isIndexedByAnother("server-b", NOW), "finished");
    }
}
