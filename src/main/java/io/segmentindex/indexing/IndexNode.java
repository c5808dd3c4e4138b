package io.segmentindex.indexing;

import java.util.List;

/**
 * One searchable unit: a segment, or a child chunk that points at its parent segment.
 * {@code vector} is null for keyword-only (economy) datasets.
 */
public record IndexNode(String nodeId, String segmentId, String documentId, String content, List<String> keywords,
                        float[] vector) {

    public IndexNode {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }
}
