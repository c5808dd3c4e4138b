package io.segmentindex.indexing;

import io.segmentindex.indexing.embedding.EmbeddingService;
import io.segmentindex.knowledge.DatasetRef;
import io.segmentindex.knowledge.DocForm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Parent-child chunking ({@code hierarchical_model}): only the child chunks are indexed, each pointing at its
 * parent segment's node, so a hit on a child returns the parent. Cleaning a parent removes all its children
 * from the index; the ChildChunk rows stay, so enabling it again restores every child.
 */
@ApplicationScoped
public class ParentChildIndexProcessor implements IndexProcessor {

    @Inject
    SegmentIndex index;

    @Inject
    EmbeddingService embeddings;

    @Override
    public DocForm docForm() {
        return DocForm.HIERARCHICAL_MODEL;
    }

    @Override
    public void load(DatasetRef dataset, List<SegmentSource> segments) {
        List<IndexNode> nodes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (SegmentSource parent : segments) {
            for (SegmentSource.Child child : parent.children()) {
                nodes.add(new IndexNode(child.nodeId(), parent.nodeId(), parent.segmentId(), parent.documentId(),
                        child.content(), parent.keywords(), null));
                texts.add(child.content());
            }
        }
        if (nodes.isEmpty()) {
            return;
        }
        if (dataset.usesVectors()) {
            List<float[]> vectors = embeddings.vectorsFor(texts);
            for (int i = 0; i < nodes.size(); i++) {
                IndexNode n = nodes.get(i);
                nodes.set(i, new IndexNode(n.nodeId(), n.parentNodeId(), n.segmentId(), n.documentId(), n.content(),
                        n.keywords(), vectors.get(i)));
            }
        }
        // Replace, not add: a parent's children may have changed since it was last loaded.
        index.delete(dataset.id(), segments.stream().map(SegmentSource::nodeId).toList());
        index.upsert(dataset.id(), nodes);
    }

    @Override
    public void clean(DatasetRef dataset, List<String> nodeIds) {
        index.delete(dataset.id(), nodeIds);
    }
}
