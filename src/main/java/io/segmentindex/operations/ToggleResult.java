package io.segmentindex.operations;

import java.util.List;

/**
 * What a toggle request came to: the recorded operation (null when nothing needed doing) and, per requested
 * id, "queued" or the reason it was skipped.
 */
public record ToggleResult(Operation operation, List<ItemResult> items, boolean replayed) {

    public record ItemResult(String id, String result) {
    }

    public boolean queuedAny() {
        return items.stream().anyMatch(i -> "queued".equals(i.result()));
    }

    /**
     * Whether the request left work to follow (answered 202 with the operation): something was queued, or an
     * earlier request's operation is replayed, or it is a dataset operation, which has no items.
     */
    public boolean leftWork() {
        return operation != null && (replayed || items.isEmpty() || queuedAny());
    }
}
