package io.segmentindex.indexing;

import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.DocumentSegment;

import java.util.List;

/** What a processor needs to index one segment (Dify's RAG Document with its metadata). */
public record SegmentSource(String segmentId, String documentId, String nodeId, String nodeHash, String content,
                            String answer, List<String> keywords, List<Child> children) {

    public SegmentSource {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** A segment as a removal needs it: which node to take out, without its text. */
    public static SegmentSource removal(String segmentId, String documentId, String nodeId) {
        return new SegmentSource(segmentId, documentId, nodeId, null, null, null, List.of(), List.of());
    }

    public static SegmentSource of(DocumentSegment segment) {
        return of(segment, List.of());
    }

    public static SegmentSource of(DocumentSegment segment, List<ChildChunk> children) {
        return new SegmentSource(segment.getId(), segment.getDocumentId(), segment.getIndexNodeId(),
                segment.getIndexNodeHash(), segment.getContent(), segment.getAnswer(), segment.getKeywords(),
                children.stream().map(c -> new Child(c.getIndexNodeId(), c.getContent())).toList());
    }

    /** A child chunk (parent-child form): searched in place of its parent. */
    public record Child(String nodeId, String content) {
    }
}
