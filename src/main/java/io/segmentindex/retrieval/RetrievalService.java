package io.segmentindex.retrieval;

import io.segmentindex.indexing.Exclusions;
import io.segmentindex.indexing.IndexHit;
import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.indexing.embedding.EmbeddingService;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentRepository;
import io.segmentindex.knowledge.DocumentSegment;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.platform.CallerContext;
import io.segmentindex.platform.Problem;
import io.segmentindex.platform.ServiceMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.segmentindex.platform.InTransaction;
import org.eclipse.microprofile.metrics.Timer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Hit testing. What may not be returned (disabled or unfinished segments, disabled, archived or unfinished
 * documents) is read from PostgreSQL, the source of truth, and excluded inside the index query: the result
 * is right even while a disable is still on its way to the index, and top_k is filled with allowed records.
 */
@ApplicationScoped
public class RetrievalService {

    // Dify's default hybrid weights.
    static final double VECTOR_WEIGHT = 0.7;
    static final double KEYWORD_WEIGHT = 0.3;

    @Inject
    DatasetService knowledge;

    @Inject
    SegmentRepository segments;

    @Inject
    DocumentRepository documents;

    @Inject
    SegmentIndex index;

    @Inject
    EmbeddingService embeddings;

    @Inject
    CallerContext caller;

    @Inject
    ServiceMetrics metrics;

    @InTransaction
    public List<RetrievalRecord> hitTest(String datasetId, String query, RetrievalModel model) {
        Dataset dataset = knowledge.dataset(datasetId);
        if (model.method().needsVectors() && !dataset.usesVectors()) {
            throw Problem.invalid("Dataset is indexed with 'economy' (keywords only); use keyword_search or"
                    + " full_text_search, or a high_quality dataset for " + model.method().wire() + ".");
        }
        Timer.Context timing = metrics.hitTesting(model.method().wire()).time();
        try {
            Exclusions exclusions = new Exclusions(new HashSet<>(segments.unsearchableIn(datasetId)),
                    new HashSet<>(documents.unavailableIn(datasetId)));
            Map<String, Double> nodeScores = new HashMap<>();
            Map<String, Double> scores = scoreSegments(dataset, query, model, exclusions, nodeScores);
            return toRecords(scores, nodeScores, model);
        } finally {
            timing.stop();
        }
    }

    /** Scores by segment; {@code nodeScores} collects each matching node's score (child chunks are nodes). */
    private Map<String, Double> scoreSegments(Dataset dataset, String query, RetrievalModel model,
                                              Exclusions exclusions, Map<String, Double> nodeScores) {
        String id = dataset.getId();
        int k = model.topK();
        return switch (model.method()) {
            case SEMANTIC_SEARCH -> bestPerSegment(
                    index.vectorSearch(id, embeddings.vectorFor(query), k, exclusions), nodeScores);
            case FULL_TEXT_SEARCH -> bestPerSegment(
                    index.textSearch(id, SegmentIndex.TextField.CONTENT, query, k, exclusions), nodeScores);
            case KEYWORD_SEARCH -> bestPerSegment(
                    index.textSearch(id, SegmentIndex.TextField.KEYWORDS, query, k, exclusions), nodeScores);
            case HYBRID_SEARCH -> {
                Map<String, Double> vector = bestPerSegment(
                        index.vectorSearch(id, embeddings.vectorFor(query), k, exclusions), nodeScores);
                Map<String, Double> text = bestPerSegment(
                        index.textSearch(id, SegmentIndex.TextField.CONTENT, query, k, exclusions), nodeScores);
                Map<String, Double> combined = new HashMap<>();
                vector.forEach((seg, s) -> combined.merge(seg, VECTOR_WEIGHT * s, Double::sum));
                text.forEach((seg, s) -> combined.merge(seg, KEYWORD_WEIGHT * s, Double::sum));
                yield combined;
            }
        };
    }

    /** Several nodes may stand for one segment (child chunks); the segment takes its best score. */
    private static Map<String, Double> bestPerSegment(List<IndexHit> hits, Map<String, Double> nodeScores) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (IndexHit h : hits) {
            best.merge(h.segmentId(), h.score(), Math::max);
            nodeScores.merge(h.nodeId(), h.score(), Math::max);
        }
        return best;
    }

    private List<RetrievalRecord> toRecords(Map<String, Double> scores, Map<String, Double> nodeScores,
                                            RetrievalModel model) {
        List<Map.Entry<String, Double>> ranked = scores.entrySet().stream()
                .filter(e -> model.scoreThreshold() == null || e.getValue() >= model.scoreThreshold())
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(model.topK())
                .toList();
        if (ranked.isEmpty()) {
            return List.of();
        }
        Map<String, DocumentSegment> byId = segments.findAll(caller.tenantId(),
                        ranked.stream().map(Map.Entry::getKey).toList()).stream()
                .collect(Collectors.toMap(DocumentSegment::getId, Function.identity()));
        // One read for all the documents of the records, not one per document.
        Map<String, Document> docs = documents.findAll(byId.values().stream().map(DocumentSegment::getDocumentId)
                        .collect(Collectors.toSet())).stream()
                .collect(Collectors.toMap(Document::getId, Function.identity()));
        Map<String, List<RetrievalRecord.ChildHit>> childHits = childHits(nodeScores);
        List<RetrievalRecord> out = new ArrayList<>(ranked.size());
        for (Map.Entry<String, Double> e : ranked) {
            DocumentSegment s = byId.get(e.getKey());
            if (s == null || !s.isSearchable()) {
                continue; // changed after the exclusions were read: the database has the last word
            }
            Document d = docs.get(s.getDocumentId());
            if (d != null && d.isAvailableForIndex()) {
                out.add(new RetrievalRecord(s, d, e.getValue(), childHits.getOrDefault(s.getId(), List.of())));
            }
        }
        out.sort(Comparator.comparingDouble(RetrievalRecord::score).reversed());
        return out;
    }

    /** Matching child chunks by parent segment, best first; segments of other forms have none. */
    private Map<String, List<RetrievalRecord.ChildHit>> childHits(Map<String, Double> nodeScores) {
        Map<String, List<RetrievalRecord.ChildHit>> out = new HashMap<>();
        for (ChildChunk c : segments.childrenByNodeIds(nodeScores.keySet())) {
            out.computeIfAbsent(c.getSegmentId(), k -> new ArrayList<>())
                    .add(new RetrievalRecord.ChildHit(c, nodeScores.get(c.getIndexNodeId())));
        }
        out.values().forEach(l -> l.sort(Comparator.comparingDouble(RetrievalRecord.ChildHit::score).reversed()));
        return out;
    }
}
