package io.segmentindex.indexing;

import java.util.List;

/**
 * One searchable unit: a segment, or a child chunk that points at its parent segment's node
 * ({@code parentNodeId}, null for a segment itself). {@code vector} is null for keyword-only (economy) datasets.
 */
public record IndexNode(String nodeId, String parentNodeId, String segmentId, String documentId, String content,
                        List<String> keywords, float[] vector) {

    public IndexNode {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }

    public static IndexNode of(String nodeId, String segmentId, String documentId, String content,
                               List<String> keywords, float[] vector) {
        return new IndexNode(nodeId, null, segmentId, documentId, content, keywords, vector);
    }
}
