package io.segmentindex.indexing;

/** A node that matched, with the segment it stands for and a score in [0, 1] (higher is closer). */
public record IndexHit(String nodeId, String segmentId, double score) {
}
