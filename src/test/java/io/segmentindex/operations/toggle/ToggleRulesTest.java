package io.segmentindex.operations.toggle;

import io.segmentindex.knowledge.SegmentStatus;
import io.segmentindex.operations.ToggleAction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToggleRulesTest {

    @Test
    void onlyAnIndexedSegmentMayBeDisabled() {
        assertTrue(ToggleRequests.mayToggle(SegmentStatus.COMPLETED, ToggleAction.DISABLE));
        assertFalse(ToggleRequests.mayToggle(SegmentStatus.ERROR, ToggleAction.DISABLE));
        assertFalse(ToggleRequests.mayToggle(SegmentStatus.INDEXING, ToggleAction.DISABLE));
        assertFalse(ToggleRequests.mayToggle(SegmentStatus.WAITING, ToggleAction.DISABLE));
    }

    @Test
    void anEnableMayRetryOneThatFailed() {
        assertTrue(ToggleRequests.mayToggle(SegmentStatus.COMPLETED, ToggleAction.ENABLE));
        assertTrue(ToggleRequests.mayToggle(SegmentStatus.ERROR, ToggleAction.ENABLE));
        assertFalse(ToggleRequests.mayToggle(SegmentStatus.INDEXING, ToggleAction.ENABLE));
    }
}
