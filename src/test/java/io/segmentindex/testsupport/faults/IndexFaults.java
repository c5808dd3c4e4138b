package io.segmentindex.testsupport.faults;

import io.segmentindex.indexing.IndexUnavailableException;
import io.segmentindex.indexing.IndexWriteProbe;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test server's switch that makes index writes of one dataset fail, so tests can prove the recovery paths
 * against the real index. One instance per application: the probe ({@link IndexFaultsProbe}), the HTTP switch
 * ({@link IndexFaultsServlet}) and in-container tests all reach it through {@link #shared()}.
 */
public final class IndexFaults {

    /** Which writes fail; SLOW makes every write of the dataset take longer instead (half a second by default). */
    public enum Kind { DELETE, UPSERT, SLOW }

    private static final IndexFaults SHARED = new IndexFaults();

    private final Map<String, Set<Kind>> failing = new ConcurrentHashMap<>();
    private final Map<String, Long> slowMillis = new ConcurrentHashMap<>();
    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();

    private IndexFaults() {
    }

    public static IndexFaults shared() {
        return SHARED;
    }

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

    public Set<Kind> get(String datasetId) {
        return failing.getOrDefault(datasetId, Set.of());
    }

    void beforeWrite(String datasetId, IndexWriteProbe.Write write, Collection<String> nodeIds) {
        if (!poisoned.isEmpty() && nodeIds.stream().anyMatch(poisoned::contains)) {
            throw new IndexUnavailableException("injected index fault: a poisoned node in this "
                    + write.name().toLowerCase(), new IOException("injected"));
        }
        if (get(datasetId).contains(Kind.SLOW)) {
            try {
                Thread.sleep(slowMillis.getOrDefault(datasetId, 500L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Kind kind = write == IndexWriteProbe.Write.UPSERT ? Kind.UPSERT : Kind.DELETE;
        if (get(datasetId).contains(kind)) {
            throw new IndexUnavailableException("injected index fault: " + kind.name().toLowerCase() + " failed",
                    new IOException("injected"));
        }
    }
}
