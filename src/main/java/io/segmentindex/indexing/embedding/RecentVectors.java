package io.segmentindex.indexing.embedding;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vectors of the most recently asked queries, at most {@code capacity} of them (least recently used leave
 * first): an admin tries one query with several methods and settings, and the model would embed it each time.
 */
final class RecentVectors {

    private final Map<String, float[]> byQuery;

    RecentVectors(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        byQuery = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The vector kept for this query, or null; callers must not change it. */
    synchronized float[] get(String query) {
        return byQuery.get(query);
    }

    synchronized void put(String query, float[] vector) {
        byQuery.put(query, vector);
    }

    synchronized int size() {
        return byQuery.size();
    }
}
