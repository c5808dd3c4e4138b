package io.segmentindex.knowledge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentStatusTest {

    @Test
    void onlyAnIndexedSegmentMayBeDisabled() {
        assertTrue(SegmentStatus.COMPLETED.switchable(false));
        assertFalse(SegmentStatus.ERROR.switchable(false));
        assertFalse(SegmentStatus.INDEXING.switchable(false));
        assertFalse(SegmentStatus.WAITING.switchable(false));
        assertFalse(SegmentStatus.RE_SEGMENT.switchable(false));
    }

    @Test
    void anEnableMayRetryOneThatFailed() {
        assertTrue(SegmentStatus.COMPLETED.switchable(true));
        assertTrue(SegmentStatus.ERROR.switchable(true));
        assertFalse(SegmentStatus.INDEXING.switchable(true));
        assertFalse(SegmentStatus.WAITING.switchable(true));
    }

    @Test
    void theFlipStatementsConditionIsTheSameRule() {
        assertEquals("status IN ('completed', 'error')", SegmentStatus.switchableSql(true));
        assertEquals("status IN ('completed')", SegmentStatus.switchableSql(false));
        for (boolean enable : new boolean[] {true, false}) {
            for (SegmentStatus s : SegmentStatus.values()) {
                assertEquals(s.switchable(enable), SegmentStatus.switchableSql(enable).contains("'" + s.wire() + "'"));
            }
        }
    }

    @Test
    void onlyACompletedSegmentIsSearchable() {
        for (SegmentStatus s : SegmentStatus.values()) {
            assertEquals(s == SegmentStatus.COMPLETED, s.searchable(), s.wire());
        }
    }

    @Test
    void everyStatusReadsBackFromItsWireValueAndAnUnknownOneDoesNot() {
        for (SegmentStatus s : SegmentStatus.values()) {
            assertEquals(s, WireValue.parse(SegmentStatus.class, s.wire()).orElseThrow());
        }
        assertTrue(WireValue.parse(SegmentStatus.class, "COMPLETED").isEmpty(), "wire values are lowercase");
        assertTrue(WireValue.parse(SegmentStatus.class, null).isEmpty());
    }

    @Test
    void aSwitchHasMovedWhenItNoLongerSaysWhatTheOperationSetItTo() {
        SegmentRepository.Switch on = new SegmentRepository.Switch("s", "d", true, SegmentStatus.COMPLETED, 2, "n");
        assertFalse(on.movedFrom(true));
        assertTrue(on.movedFrom(false));
    }
}
