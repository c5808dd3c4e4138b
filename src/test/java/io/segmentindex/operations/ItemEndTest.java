package io.segmentindex.operations;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ItemEndTest {

    @Test
    void theItemsOfACallThatWentThroughSucceedWithOneAttemptAndItsLatency() {
        ItemEnd end = ItemEnd.after(IndexOutcome.done(3), 12.5);
        assertEquals(ItemState.SUCCEEDED, end.state());
        assertEquals(1, end.attempts());
        assertEquals(12.5, end.latencyMillis());
        assertNull(end.error());
    }

    @Test
    void theItemsOfACallThatFailedCarryItsAttemptsAndError() {
        ItemEnd end = ItemEnd.after(IndexOutcome.recovered(4, "index down"), 80);
        assertEquals(ItemState.FAILED, end.state());
        assertEquals(4, end.attempts());
        assertEquals("index down", end.error());
    }

    @Test
    void aSkippedItemHadNoAttemptAndSaysWhy() {
        ItemEnd end = ItemEnd.skipped(SkipReason.SUPERSEDED);
        assertEquals(ItemState.SKIPPED, end.state());
        assertEquals("superseded", end.reason());
        assertEquals(0, end.attempts());
        assertNull(end.latencyMillis());
    }

    @Test
    void aSegmentAlreadyThereIsSkippedWithTheReasonOfItsAction() {
        assertEquals(SkipReason.ALREADY_ENABLED, SkipReason.already(ToggleAction.ENABLE));
        assertEquals(SkipReason.ALREADY_DISABLED, SkipReason.already(ToggleAction.DISABLE));
        assertEquals(true, ToggleAction.ENABLE.targetEnabled());
        assertEquals(false, ToggleAction.DISABLE.targetEnabled());
    }
}
