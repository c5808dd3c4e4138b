package io.segmentindex.indexing.faults;

import io.segmentindex.indexing.IndexUnavailableException;
import io.segmentindex.indexing.IndexWriteProbe;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.Collection;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only switch that makes index writes of one dataset fail, so tests can prove the recovery paths
 * against the real index. Only consulted when {@code index.fault-injection.enabled} is true.
 */
@ApplicationScoped
public class IndexFaults implements IndexWriteProbe {

    /** Which writes fail; SLOW makes every write of the dataset take longer instead (half a second by default). */
    public enum Kind { DELETE, UPSERT, SLOW }

    private final Map<String, Set<Kind>> failing = new ConcurrentHashMap<>();
    private final Map<String, Long> slowMillis = new ConcurrentHashMap<>();
    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();

    /**
     * Makes every write that touches one of these nodes fail, whatever its dataset: a bad segment, which fails
     * the calls it is part of and no other. An empty set cures them all.
     */
    public void poison(Set<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            poisoned.clear();
        }
        poisoned.addAll(nodeIds);
    }

    public void set(String datasetId, Set<Kind> kinds) {
        set(datasetId, kinds, 500);
    }

    public void set(String datasetId, Set<Kind> kinds, long slowMs) {
        if (kinds.isEmpty()) {
            failing.remove(datasetId);
            slowMillis.remove(datasetId);
        } else {
            failing.put(datasetId, Set.copyOf(kinds));
            slowMillis.put(datasetId, slowMs);
        }
    }

    long slowMillis(String datasetId) {
        return slowMillis.getOrDefault(datasetId, 500L);
    }

    public Set<Kind> get(String datasetId) {
        return failing.getOrDefault(datasetId, Set.of());
    }

    boolean fails(String datasetId, Kind kind) {
        return failing.getOrDefault(datasetId, Set.of()).contains(kind);
    }

    @Override
    public void beforeWrite(String datasetId, Write write, Collection<String> nodeIds) {
        if (!poisoned.isEmpty() && nodeIds.stream().anyMatch(poisoned::contains)) {
            throw new IndexUnavailableException("injected index fault: a poisoned node in this "
                    + write.name().toLowerCase(), new IOException("injected"));
        }
        if (fails(datasetId, Kind.SLOW)) {
            try {
                Thread.sleep(slowMillis(datasetId));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Kind kind = write == Write.UPSERT ? Kind.UPSERT : Kind.DELETE;
        if (fails(datasetId, kind)) {
            throw new IndexUnavailableException("injected index fault: " + kind.name().toLowerCase() + " failed",
                    new IOException("injected"));
        }
    }
}
