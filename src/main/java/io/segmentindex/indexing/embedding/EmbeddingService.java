package io.segmentindex.indexing.embedding;

import io.segmentindex.knowledge.TextStats;
import io.segmentindex.platform.ServiceMetrics;
import io.segmentindex.platform.Timestamps;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vectors for texts, computed once: each vector is stored by (model, content hash), so re-enabling a segment
 * or rebuilding an index reads it back instead of running the model again. The model runs outside any
 * transaction, so a long document never holds a database connection while it is embedded.
 */
@ApplicationScoped
public class EmbeddingService {

    @Inject
    EmbeddingModel model;

    @Inject
    EmbeddingStore store;

    @Inject
    Clock clock;

    @Inject
    ServiceMetrics metrics;

    @Inject
    @ConfigProperty(name = "embedding.query-cache-size")
    int queryCacheSize;

    private RecentVectors recentQueries;

    @PostConstruct
    void init() {
        recentQueries = new RecentVectors(queryCacheSize);
    }

    /** Vectors in the order of the texts; computes and stores only those not seen before. */
    public List<float[]> vectorsFor(List<String> texts) {
        List<String> hashes = texts.stream().map(TextStats::hash).toList();
        Map<String, float[]> known = store.find(model.name(), hashes);
        Map<String, String> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!known.containsKey(hashes.get(i))) {
                missing.putIfAbsent(hashes.get(i), texts.get(i));
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> computed = model.embed(new ArrayList<>(missing.values()));
            Map<String, float[]> fresh = new LinkedHashMap<>();
            int i = 0;
            for (String hash : missing.keySet()) {
                fresh.put(hash, computed.get(i++));
            }
            store.save(model.name(), fresh, Timestamps.now(clock));
            known.putAll(fresh);
        }
        return hashes.stream().map(known::get).toList();
    }

    /** A query vector, kept for the most recent queries (not stored: queries come and go); do not change it. */
    public float[] vectorFor(String query) {
        float[] vector = recentQueries.get(query);
        metrics.queryVectors(vector == null ? "model" : "cache").inc();
        if (vector == null) {
            vector = model.embed(List.of(query)).get(0);
            recentQueries.put(query, vector);
        }
        return vector;
    }
}
