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
}
