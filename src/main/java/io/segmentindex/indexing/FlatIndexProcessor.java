package io.segmentindex.indexing;

import io.segmentindex.indexing.embedding.EmbeddingService;
import io.segmentindex.knowledge.DatasetRef;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * One node per segment, searched by its content. High-quality datasets index the stored vector plus text and
 * keywords; economy datasets index text and keywords only.
 */
abstract class FlatIndexProcessor implements IndexProcessor {

    @Inject
    SegmentIndex index;

    @Inject
    EmbeddingService embeddings;

    @Override
    public void load(DatasetRef dataset, List<SegmentSource> segments) {
        if (segments.isEmpty()) {
            return;
        }
        List<float[]> vectors = dataset.usesVectors()
                ? embeddings.vectorsFor(segments.stream().map(SegmentSource::content).toList())
                : null;
        List<IndexNode> nodes = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            SegmentSource s = segments.get(i);
            nodes.add(IndexNode.of(s.nodeId(), s.segmentId(), s.documentId(), s.content(), s.keywords(),
                    vectors == null ? null : vectors.get(i)));
        }
        index.upsert(dataset.id(), nodes);
    }

    @Override
    public void clean(DatasetRef dataset, List<String> nodeIds) {
        index.delete(dataset.id(), nodeIds);
    }
}
