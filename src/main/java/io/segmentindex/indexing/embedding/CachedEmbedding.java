package io.segmentindex.indexing.embedding;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.OffsetDateTime;
import java.util.Objects;

/** A stored vector, keyed by model and content hash (Dify's embedding cache). */
@Entity
@Table(name = "embeddings")
@IdClass(CachedEmbedding.Key.class)
public class CachedEmbedding {

    @Id
    @Column(name = "model_name")
    private String modelName;
    @Id
    private String hash;
    private int dimension;
    private byte[] embedding;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    protected CachedEmbedding() {
    }

    public CachedEmbedding(String modelName, String hash, float[] vector, OffsetDateTime now) {
        this.modelName = modelName;
        this.hash = hash;
        this.dimension = vector.length;
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        this.embedding = buffer.array();
        this.createdAt = now;
    }

    public String getHash() {
        return hash;
    }

    byte[] bytes() {
        return embedding;
    }

    public float[] vector() {
        float[] out = new float[dimension];
        ByteBuffer.wrap(embedding).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    public static class Key implements Serializable {
        public String modelName;
        public String hash;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(modelName, k.modelName) && Objects.equals(hash, k.hash);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modelName, hash);
        }
    }
}
