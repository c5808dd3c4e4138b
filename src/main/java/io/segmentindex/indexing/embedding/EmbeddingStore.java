package io.segmentindex.indexing.embedding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import io.segmentindex.platform.InTransaction;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The embedding cache table. */
@ApplicationScoped
public class EmbeddingStore {

    private static final int CHUNK = 1000;

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    @InTransaction
    public Map<String, float[]> find(String modelName, List<String> hashes) {
        Map<String, float[]> out = new HashMap<>();
        List<String> distinct = hashes.stream().distinct().toList();
        for (int i = 0; i < distinct.size(); i += CHUNK) {
            em.createQuery("SELECT e FROM CachedEmbedding e WHERE e.modelName = :model AND e.hash IN :hashes",
                            CachedEmbedding.class)
                    .setParameter("model", modelName)
                    .setParameter("hashes", distinct.subList(i, Math.min(distinct.size(), i + CHUNK)))
                    .getResultStream()
                    .forEach(r -> out.put(r.getHash(), r.vector()));
        }
        return out;
    }

    /** Two documents may carry the same text at once; the first vector stored wins, the other is dropped. */
    @InTransaction
    public void save(String modelName, Map<String, float[]> vectorsByHash, OffsetDateTime now) {
        for (Map.Entry<String, float[]> e : vectorsByHash.entrySet()) {
            CachedEmbedding row = new CachedEmbedding(modelName, e.getKey(), e.getValue(), now);
            em.createNativeQuery("INSERT INTO embeddings (model_name, hash, dimension, embedding, created_at)"
                            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (model_name, hash) DO NOTHING")
                    .setParameter(1, modelName)
                    .setParameter(2, e.getKey())
                    .setParameter(3, e.getValue().length)
                    .setParameter(4, row.bytes())
                    .setParameter(5, now)
                    .executeUpdate();
        }
    }
}
