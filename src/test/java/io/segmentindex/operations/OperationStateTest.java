package io.segmentindex.operations;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationStateTest {

    @Test
    void anOperationFailsOnlyWhenNoneOfItsItemsSucceeded() {
        assertEquals(OperationState.SUCCEEDED, OperationState.afterItems(3, 0));
        assertEquals(OperationState.SUCCEEDED, OperationState.afterItems(0, 0), "every item skipped");
        assertEquals(OperationState.PARTIALLY_FAILED, OperationState.afterItems(2, 1));
        assertEquals(OperationState.FAILED, OperationState.afterItems(0, 1));
    }

    @Test
    void onlyQueuedAndRunningMayStillRun() {
        assertFalse(OperationState.QUEUED.isFinal());
        assertFalse(OperationState.RUNNING.isFinal());
        assertTrue(OperationState.SUCCEEDED.isFinal());
        assertTrue(OperationState.FAILED.isFinal());
        assertTrue(OperationState.PARTIALLY_FAILED.isFinal());
    }

    @Test
    void onlyAnOperationThatEndedWithFailuresMayBeRetried() {
        assertTrue(OperationState.FAILED.retryable());
        assertTrue(OperationState.PARTIALLY_FAILED.retryable());
        assertFalse(OperationState.SUCCEEDED.retryable());
        assertFalse(OperationState.QUEUED.retryable(), "still to run");
        assertFalse(OperationState.RUNNING.retryable(), "still running");
    }

    @Test
    void theSqlFormOfAnOperationsEndFollowsTheJavaRule() {
        assertEquals("CASE WHEN f = 0 THEN 'succeeded' WHEN s = 0 THEN 'failed' ELSE 'partially_failed' END",
                OperationState.afterItemsSql("s", "f"));
    }

    @Test
    void theUnfinishedConditionNamesExactlyTheStatesThatMayStillRun() {
        assertEquals("o.state IN ('queued', 'running')", OperationState.unfinishedSql("o.state"));
    }
}
