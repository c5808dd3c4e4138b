package io.segmentindex.indexing.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** all-MiniLM-L6-v2 (quantised), in process: 384-dimensional, normalised, no network. */
@ApplicationScoped
public class MiniLmEmbeddingModel implements EmbeddingModel {

    public static final String NAME = "all-MiniLM-L6-v2-q";
    private static final int BATCH = 32;

    private volatile AllMiniLmL6V2QuantizedEmbeddingModel model;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += BATCH) {
            List<TextSegment> batch = texts.subList(i, Math.min(texts.size(), i + BATCH)).stream()
                    .map(TextSegment::from).toList();
            for (Embedding e : model().embedAll(batch).content()) {
                out.add(e.vector());
            }
        }
        return out;
    }

    /** Loading takes a second or two; the first caller pays it, everyone after shares the model. */
    public AllMiniLmL6V2QuantizedEmbeddingModel model() {
        AllMiniLmL6V2QuantizedEmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    // A direct executor: concurrency is ours to bound, not a hidden thread pool's.
                    m = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
                    model = m;
                }
            }
        }
        return m;
    }
}
