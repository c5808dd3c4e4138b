package io.segmentindex.indexing.faults;

import io.segmentindex.indexing.Exclusions;
import io.segmentindex.indexing.IndexHit;
import io.segmentindex.indexing.IndexNode;
import io.segmentindex.indexing.IndexUnavailableException;
import io.segmentindex.indexing.SegmentIndex;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Wraps the real index and fails the writes that {@link IndexFaults} names, as a broken index would. */
public class FaultInjectingSegmentIndex implements SegmentIndex, AutoCloseable {

    private final SegmentIndex delegate;
    private final IndexFaults faults;

    public FaultInjectingSegmentIndex(SegmentIndex delegate, IndexFaults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    @Override
    public void upsert(String datasetId, List<IndexNode> nodes) {
        failIf(datasetId, IndexFaults.Kind.UPSERT);
        delegate.upsert(datasetId, nodes);
    }

    @Override
    public void delete(String datasetId, Collection<String> nodeIds) {
        failIf(datasetId, IndexFaults.Kind.DELETE);
        delegate.delete(datasetId, nodeIds);
    }

    @Override
    public void deleteDocument(String datasetId, String documentId) {
        failIf(datasetId, IndexFaults.Kind.DELETE);
        delegate.deleteDocument(datasetId, documentId);
    }

    @Override
    public void deleteDataset(String datasetId) {
        failIf(datasetId, IndexFaults.Kind.DELETE);
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
    public Set<String> presentNodeIds(String datasetId, Collection<String> nodeIds) {
        return delegate.presentNodeIds(datasetId, nodeIds);
    }

    @Override
    public Map<String, String> nodes(String datasetId) {
        return delegate.nodes(datasetId);
    }

    @Override
    public long count(String datasetId) {
        return delegate.count(datasetId);
    }

    @Override
    public java.util.Optional<java.time.Instant> uncleanStop() {
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

    private void failIf(String datasetId, IndexFaults.Kind kind) {
        if (faults.fails(datasetId, IndexFaults.Kind.SLOW)) {
            try {
                Thread.sleep(faults.slowMillis(datasetId));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (faults.fails(datasetId, kind)) {
            throw new IndexUnavailableException("injected index fault: " + kind.name().toLowerCase() + " failed",
                    new IOException("injected"));
        }
    }
}
