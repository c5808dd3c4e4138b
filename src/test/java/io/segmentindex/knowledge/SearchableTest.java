package io.segmentindex.knowledge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchableTest {

    @Test
    void aSegmentIsSearchableOnlyWhenEnabledAndCompleted() {
        for (SegmentStatus status : SegmentStatus.values()) {
            assertEquals(status == SegmentStatus.COMPLETED, Searchable.segment(true, status), status.wire());
            assertFalse(Searchable.segment(false, status), "disabled, " + status.wire());
        }
    }

    @Test
    void aDocumentIsAvailableOnlyWhenEnabledNotArchivedAndIndexed() {
        for (IndexingStatus status : IndexingStatus.values()) {
            assertEquals(status == IndexingStatus.COMPLETED, Searchable.document(true, false, status), status.wire());
            assertFalse(Searchable.document(false, false, status), "disabled, " + status.wire());
            assertFalse(Searchable.document(true, true, status), "archived, " + status.wire());
        }
    }

    @Test
    void theSegmentSqlNamesExactlyTheStatusesTheJavaRuleAccepts() {
        String sql = Searchable.segmentSql("s");
        assertTrue(sql.startsWith("s.enabled AND s.status IN ("), sql);
        for (SegmentStatus status : SegmentStatus.values()) {
            assertEquals(Searchable.segment(true, status), sql.contains("'" + status.wire() + "'"), status.wire());
        }
    }

    @Test
    void theDocumentSqlNamesExactlyTheIndexingStatusesTheJavaRuleAccepts() {
        String sql = Searchable.documentSql("d");
        assertTrue(sql.startsWith("d.enabled AND NOT d.archived AND d.indexing_status IN ("), sql);
        for (IndexingStatus status : IndexingStatus.values()) {
            assertEquals(Searchable.document(true, false, status), sql.contains("'" + status.wire() + "'"),
                    status.wire());
        }
    }

    @Test
    void theStatusFragmentsAreThePartsOfTheWholeRules() {
        assertEquals("s.status IN ('completed')", Searchable.segmentStatusSql("s"));
        assertTrue(Searchable.segmentSql("s").endsWith(Searchable.segmentStatusSql("s")));
        assertEquals("d.indexing_status IN ('completed')", Searchable.indexingCompleteSql("d"));
        assertTrue(Searchable.documentSql("d").endsWith(Searchable.indexingCompleteSql("d")));
    }

    @Test
    void theSqlListsWireValuesQuotedAndInDeclarationOrder() {
        assertEquals("('waiting', 'indexing')", Searchable.wires(SegmentStatus.values(),
                s -> s == SegmentStatus.WAITING || s == SegmentStatus.INDEXING));
    }
}
