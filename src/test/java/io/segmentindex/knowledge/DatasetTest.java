package io.segmentindex.knowledge;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-01T00:00:00Z");

    @Test
    void onlyAHighQualityDatasetCarriesVectorsAndAnEmbeddingModel() {
        Dataset hq = new Dataset("t1", "hq", null, IndexingTechnique.HIGH_QUALITY, "minilm", 10, "u", NOW);
        Dataset economy = new Dataset("t1", "eco", null, IndexingTechnique.ECONOMY, "minilm", 10, "u", NOW);
        assertTrue(hq.usesVectors());
        assertEquals("minilm", hq.getEmbeddingModel());
        assertFalse(economy.usesVectors());
        assertNull(economy.getEmbeddingModel(), "an economy dataset has no embedding model");
    }

    @Test
    void itsReferenceCarriesWhatIndexWorkNeeds() {
        Dataset hq = new Dataset("t1", "hq", null, IndexingTechnique.HIGH_QUALITY, "minilm", 10, "u", NOW);
        assertEquals(new DatasetRef("t1", hq.getId(), true), hq.ref());
    }

    @Test
    void aPageHasMoreWhileItsRowsEndBeforeTheTotal() {
        assertTrue(new Page<>(List.of(1, 2), 5, 1, 2).hasMore());
        assertTrue(new Page<>(List.of(3, 4), 5, 2, 2).hasMore());
        assertFalse(new Page<>(List.of(5), 5, 3, 2).hasMore());
        assertFalse(new Page<>(List.of(), 0, 1, 20).hasMore());
    }

    @Test
    void documentActionsThatRemoveAreDisableAndArchive() {
        assertTrue(DocumentAction.DISABLE.removes());
        assertTrue(DocumentAction.ARCHIVE.removes());
        assertFalse(DocumentAction.ENABLE.removes());
        assertFalse(DocumentAction.UN_ARCHIVE.removes());
        assertEquals("enable, disable, archive, un_archive", WireValue.allowed(DocumentAction.class));
    }
}
