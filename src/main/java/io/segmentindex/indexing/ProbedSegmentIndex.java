package io.segmentindex.indexing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Wraps the real index and lets each {@link IndexWriteProbe} see every write before it happens. */
public class ProbedSegmentIndex implements SegmentIndex, AutoCloseable {

    private final SegmentIndex delegate;
    private final List<IndexWriteProbe> probes;

    public ProbedSegmentIndex(SegmentIndex delegate, List<IndexWriteProbe> probes) {
        this.delegate = delegate;
        this.probes = List.copyOf(probes);
    }

    @Override
    public void upsert(String datasetId, List<IndexNode> nodes) {
        probe(datasetId, IndexWriteProbe.Write.UPSERT, nodes.stream().map(IndexNode::nodeId).toList());
        delegate.upsert(datasetId, nodes);
    }

    @Override
    public void delete(String datasetId, Collection<String> nodeIds) {
        probe(datasetId, IndexWriteProbe.Write.DELETE, nodeIds);
        delegate.delete(datasetId, nodeIds);
    }

    @Override
    public void deleteDocument(String datasetId, String documentId) {
        probe(datasetId, IndexWriteProbe.Write.DELETE, List.of());
        delegate.deleteDocument(datasetId, documentId);
    }

    @Override
    public void deleteDataset(String datasetId) {
        probe(datasetId, IndexWriteProbe.Write.DELETE, List.of());
        delegate.deleteDataset(datasetId);
    }

    @Override
    public List<IndexHit> vectorSearch(String datasetId, float[] vector, int topK, Exclusions exclusions) {
        return delegate.vectorSearch(datasetId, vector, topK, exclusions);
    }

    @Override
    public List<IndexHit> textSearch(String datasetId, TextField field, String query, int topK,
                                     Exclusions exclusions) {
        return delegate.textSearch(datasetId, field, query, topK, exclusions);
    }

    @Override
    public Map<String, String> segmentsOf(String datasetId, Collection<String> nodeIds) {
        return delegate.segmentsOf(datasetId, nodeIds);
    }

    @Override
    public List<String> nodeIdsAfter(String datasetId, String afterNodeId, int limit) {
        return delegate.nodeIdsAfter(datasetId, afterNodeId, limit);
    }

    @Override
    public long count(String datasetId) {
        return delegate.count(datasetId);
    }

    @Override
    public Optional<Instant> uncleanStop() {
        return delegate.uncleanStop();
    }

    @Override
    public boolean isHealthy() {
        return delegate.isHealthy();
    }

    @Override
    public boolean isBroken() {
        return delegate.isBroken();
    }

    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable c) {
            c.close();
        }
    }

    private void probe(String datasetId, IndexWriteProbe.Write write, Collection<String> nodeIds) {
        probes.forEach(p -> p.beforeWrite(datasetId, write, nodeIds));
    }
}
