package io.segmentindex.indexing;

import io.segmentindex.indexing.embedding.EmbeddingService;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DocForm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain paragraphs ({@code text_model}): one node per segment. High-quality datasets index the stored vector
 * plus text and keywords; economy datasets index text and keywords only.
 */
@ApplicationScoped
public class ParagraphIndexProcessor implements IndexProcessor {

    @Inject
    SegmentIndex index;

    @Inject
    EmbeddingService embeddings;

    @Override
    public DocForm docForm() {
        return DocForm.TEXT_MODEL;
    }

    @Override
    public void load(Dataset dataset, List<SegmentSource> segments) {
        if (segments.isEmpty()) {
            return;
        }
        List<float[]> vectors = dataset.usesVectors()
                ? embeddings.vectorsFor(segments.stream().map(SegmentSource::content).toList())
                : null;
        List<IndexNode> nodes = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            SegmentSource s = segments.get(i);
            nodes.add(new IndexNode(s.nodeId(), s.segmentId(), s.documentId(), s.content(), s.keywords(),
                    vectors == null ? null : vectors.get(i)));
        }
        index.upsert(dataset.getId(), nodes);
    }

    @Override
    public void clean(Dataset dataset, List<String> nodeIds, boolean withKeywords) {
        index.delete(dataset.getId(), nodeIds);
    }
}
