package io.segmentindex.operations;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToggleResultTest {

    private static final Operation OP = Operation.forDataset("00000000-0000-0000-0000-000000000001",
            "00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000003", DatasetAction.RECONCILE,
            "u", OffsetDateTime.now());

    private static List<ToggleResult.ItemResult> items(String... results) {
        return java.util.Arrays.stream(results).map(r -> new ToggleResult.ItemResult("id-" + r, r)).toList();
    }

    @Test
    void workIsLeftWhenSomethingWasQueued() {
        assertTrue(new ToggleResult(OP, items("already_disabled", "queued"), false).leftWork());
    }

    @Test
    void noWorkIsLeftWhenEveryItemWasSkippedOrThereIsNoOperation() {
        assertFalse(new ToggleResult(OP, items("already_disabled", "not_found"), false).leftWork());
        assertFalse(new ToggleResult(null, items("already_enabled"), false).leftWork());
    }

    @Test
    void aReplayAndADatasetOperationLeaveWorkToFollow() {
        assertTrue(new ToggleResult(OP, items("already_disabled"), true).leftWork(), "the first request's operation");
        assertTrue(new ToggleResult(OP, List.of(), false).leftWork(), "a dataset operation has no items");
    }
}
