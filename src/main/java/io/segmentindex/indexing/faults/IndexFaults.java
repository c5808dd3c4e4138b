package io.segmentindex.indexing.faults;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only switch that makes index writes of one dataset fail, so tests can prove the recovery paths
 * against the real index. Only consulted when {@code index.fault-injection.enabled} is true.
 */
@ApplicationScoped
public class IndexFaults {

    /** Which writes fail; SLOW makes every write of the dataset take longer instead (half a second by default). */
    public enum Kind { DELETE, UPSERT, SLOW }

    private final Map<String, Set<Kind>> failing = new ConcurrentHashMap<>();
    private final Map<String, Long> slowMillis = new ConcurrentHashMap<>();

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
}
