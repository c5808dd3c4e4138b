package io.segmentindex.indexing.embedding;

import java.util.List;

/** Turns text into unit vectors. Implementations are thread-safe and loaded once. */
public interface EmbeddingModel {

    String name();

    int dimension();

    List<float[]> embed(List<String> texts);
}
