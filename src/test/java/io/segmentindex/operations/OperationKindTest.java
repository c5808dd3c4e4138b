package io.segmentindex.operations;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationKindTest {

    @Test
    void segmentAndBatchTogglesRunInRoundsTheRestOneByOne() {
        assertTrue(OperationKind.SEGMENT.runsInRounds());
        assertTrue(OperationKind.BATCH.runsInRounds());
        assertFalse(OperationKind.DOCUMENT.runsInRounds());
        assertFalse(OperationKind.DATASET.runsInRounds());
    }

    @Test
    void theSqlConditionNamesTheSameKinds() {
        assertEquals("scope IN ('segment', 'batch')", OperationKind.scopeCondition(true));
        assertEquals("scope IN ('document', 'dataset')", OperationKind.scopeCondition(false));
    }
}
