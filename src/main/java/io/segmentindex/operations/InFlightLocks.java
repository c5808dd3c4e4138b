package io.segmentindex.operations;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Short-lived "being indexed" markers, Dify's {@code segment_{id}_indexing} keys, each holding the operation
 * that took it. Only the holder may release a marker; an abandoned one expires on its own.
 * Implementations throw {@link io.segmentindex.platform.Problem} (unavailable) when the store cannot answer.
 */
public interface InFlightLocks {

    /** Takes the marker of each segment that is free; returns the segment ids it took. */
    Set<String> acquireSegments(Collection<String> segmentIds, String operationId);

    /** What {@link #acquireSegment} did. */
    enum Take { TAKEN, SEGMENT_BUSY, DOCUMENT_BUSY }

    /**
     * The single-segment request's check and take in one step: refused while the document's marker is set,
     * otherwise the segment's marker is taken if it is free.
     */
    default Take acquireSegment(String documentId, String segmentId, String operationId) {
        if (documentBusy(documentId)) {
            return Take.DOCUMENT_BUSY;
        }
        return acquireSegments(Set.of(segmentId), operationId).isEmpty() ? Take.SEGMENT_BUSY : Take.TAKEN;
    }

    /** One single-segment take: the segment, its document, and the operation that would hold the marker. */
    record SegmentTake(String documentId, String segmentId, String operationId) {
    }

    /** {@link #acquireSegment} for several requests, in one round trip; the outcomes in the order of {@code takes}. */
    default List<Take> acquireEach(List<SegmentTake> takes) {
        return takes.stream().map(t -> acquireSegment(t.documentId(), t.segmentId(), t.operationId())).toList();
    }

    /** Releases the markers that this operation still holds; others are left alone. */
    void releaseSegments(Collection<String> segmentIds, String operationId);

    /** Releases, in one round trip, the segment markers that each operation still holds. */
    void releaseSegments(Map<String, ? extends Collection<String>> segmentIdsByOperation);

    /** True while a document-level task (enable/disable/archive of the whole document) is running. */
    boolean documentBusy(String documentId);

    /** Takes the document-level marker of each document that is free; returns the document ids it took. */
    Set<String> acquireDocuments(Collection<String> documentIds, String operationId);

    /** Releases the document markers that this operation still holds. */
    void releaseDocuments(Collection<String> documentIds, String operationId);

    /** The two kinds of marker. */
    enum Scope { SEGMENT, DOCUMENT }

    /** Releases the markers of this kind that this operation still holds. */
    default void release(Scope scope, Collection<String> targetIds, String operationId) {
        if (scope == Scope.SEGMENT) {
            releaseSegments(targetIds, operationId);
        } else {
            releaseDocuments(targetIds, operationId);
        }
    }

    /** A marker that is set: what it marks, the operation that holds it, and how long it has been held. */
    record Marker(Scope scope, String targetId, String operationId, long heldSeconds) {
    }

    /** The markers set on these targets (targets without one are left out). */
    List<Marker> markers(Scope scope, Collection<String> targetIds);

    /** Up to {@code max} of the markers set now, of both kinds: the sweep's view of what is left behind. */
    List<Marker> scan(int max);

    /** Removes each marker only if it still holds the same operation (compare-and-delete). */
    void remove(Collection<Marker> markers);
}
