package io.segmentindex.indexing;

import java.util.Set;

/**
 * Segments and documents that must not be returned, applied inside the index query so that top_k is still
 * filled with results that may be shown.
 */
public record Exclusions(Set<String> segmentIds, Set<String> documentIds) {

    public static final Exclusions NONE = new Exclusions(Set.of(), Set.of());

    public Exclusions {
        segmentIds = Set.copyOf(segmentIds);
        documentIds = Set.copyOf(documentIds);
    }

    public boolean isEmpty() {
        return segmentIds.isEmpty() && documentIds.isEmpty();
    }
}
