package io.segmentindex.indexing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The search index, as the application needs it: nodes in and out by id, and two kinds of search, always
 * inside one dataset. Backends (embedded Lucene, or a shared SolrCloud collection) implement it; callers never
 * see which one is in use. A write returns once the change is visible to searches.
 */
public interface SegmentIndex {

    /** Adds nodes, replacing any with the same node id. */
    void upsert(String datasetId, List<IndexNode> nodes);

    /** Removes nodes by id, and every child node that points at one of them; unknown ids are ignored. */
    void delete(String datasetId, Collection<String> nodeIds);

    /** Removes every node of a document. */
    void deleteDocument(String datasetId, String documentId);

    /** Removes every node of a dataset. */
    void deleteDataset(String datasetId);

    /** Nearest neighbours of the vector among the dataset's nodes, skipping what the exclusions name. */
    List<IndexHit> vectorSearch(String datasetId, float[] vector, int topK, Exclusions exclusions);

    /** BM25 over one text field of the dataset's nodes, skipping what the exclusions name. */
    List<IndexHit> textSearch(String datasetId, TextField field, String query, int topK, Exclusions exclusions);

    /**
     * Up to {@code limit} of the dataset's node ids that come after {@code afterNodeId} ("" for the first), in
     * {@link IndexedNode#compareIds} order: a dataset of any size is listed in pages of bounded memory, and only
     * the ids are read.
     */
    List<String> nodeIdsAfter(String datasetId, String afterNodeId, int limit);

    /** The segment each of these nodes stands for (node id -> segment id), for the nodes the index holds. */
    Map<String, String> segmentsOf(String datasetId, Collection<String> nodeIds);

    /** Which of these node ids the index holds now. */
    default Set<String> presentNodeIds(String datasetId, Collection<String> nodeIds) {
        return segmentsOf(datasetId, nodeIds).keySet();
    }

    /** How many nodes the dataset has in the index. */
    long count(String datasetId);

    /**
     * Present when writes acknowledged before the last stop may be missing (the backend was not closed cleanly
     * and persists in batches): writes before this instant are durable, later ones may be lost
     * ({@link java.time.Instant#EPOCH} when unknown). The application then reconciles what changed since.
     */
    default Optional<Instant> uncleanStop() {
        return Optional.empty();
    }

    /** False when the backend can no longer read or write. */
    boolean isHealthy();

    /** True when only a restart of this process can make the index usable again (not a remote outage). */
    default boolean isBroken() {
        return !isHealthy();
    }

    /** Searchable text fields. */
    enum TextField { CONTENT, KEYWORDS }
}
