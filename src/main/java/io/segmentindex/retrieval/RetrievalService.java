package io.segmentindex.retrieval;

import io.segmentindex.indexing.Exclusions;
import io.segmentindex.indexing.IndexHit;
import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.indexing.embedding.EmbeddingService;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.DocumentRepository;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.platform.CallerContext;
import io.segmentindex.platform.Problem;
import io.segmentindex.platform.ServiceMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.segmentindex.platform.InTransaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hit testing. A settled disabled segment or document is out of the index already, so the index query excludes
 * only what the index may still hold by mistake: the targets of changes on their way to the index, segments and
 * documents whose indexing has not completed. What it returns is then checked against PostgreSQL, the source of
 * truth; anything found unsearchable there is excluded too and the query runs again, so top_k is filled with
 * allowed records and the cost does not grow with the number of disabled segments.
 */
@ApplicationScoped
public class RetrievalService {

    // Dify's default hybrid weights.
    static final double VECTOR_WEIGHT = 0.7;
    static final double KEYWORD_WEIGHT = 0.3;
    /** Index queries refined by what the database refused before every unsearchable segment is excluded. */
    static final int MAX_QUERIES = 3;

    @Inject
    SegmentRepository segments;

    @Inject
    DocumentRepository documents;

    @Inject
    SegmentIndex index;

    @Inject
    QueryScope scope;

    @Inject
    EmbeddingService embeddings;

    @Inject
    CallerContext caller;

    @Inject
    ServiceMetrics metrics;

    @InTransaction
    public List<RetrievalRecord> hitTest(String datasetId, String query, RetrievalModel model) {
        long started = System.nanoTime();
        QueryScope.Scope scope = this.scope.read(caller.tenantId(), datasetId);
        if (model.method().needsVectors() && !scope.technique().usesVectors()) {
            throw Problem.invalid("Dataset is indexed with 'economy' (keywords only); use keyword_search or"
                    + " full_text_search, or a high_quality dataset for " + model.method().wire() + ".");
        }
        try {
            Set<String> excludedSegments = scope.excludedSegments();
            Set<String> excludedDocuments = scope.excludedDocuments();
            // Embedded once: a refined query asks the index again, not the model.
            float[] vector = model.method().needsVectors() ? embeddings.vectorFor(query) : null;
            for (int attempt = 1; ; attempt++) {
                if (attempt > MAX_QUERIES) {
                    // The index disagrees with the database more than a race explains (a reconcile will repair
                    // it): exclude everything the database says is not searchable, as before any refinement.
                    excludedSegments.addAll(segments.unsearchableIn(datasetId));
                    excludedDocuments.addAll(documents.unavailableIn(datasetId));
                }
                Map<String, NodeHit> nodeScores = new HashMap<>();
                Map<String, Double> scores = scoreSegments(datasetId, query, vector, model,
                        new Exclusions(excludedSegments, excludedDocuments), nodeScores);
                Checked checked = toRecords(scores, nodeScores, model);
                if (checked.refused().isEmpty() || attempt > MAX_QUERIES) {
                    return checked.records();
                }
                excludedSegments.addAll(checked.refused());
            }
        } finally {
            // Only queries that pass the checks above are timed, the read before them included.
            metrics.hitTesting(model.method().wire()).update(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Scores by segment; {@code nodeScores} collects each matching node's score (child chunks are nodes). */
    private Map<String, Double> scoreSegments(String id, String query, float[] vector, RetrievalModel model,
                                              Exclusions exclusions, Map<String, NodeHit> nodeScores) {
        int k = model.topK();
        return switch (model.method()) {
            case SEMANTIC_SEARCH -> bestPerSegment(
                    index.vectorSearch(id, vector, k, exclusions), nodeScores);
            case FULL_TEXT_SEARCH -> bestPerSegment(
                    index.textSearch(id, SegmentIndex.TextField.CONTENT, query, k, exclusions), nodeScores);
            case KEYWORD_SEARCH -> bestPerSegment(
                    index.textSearch(id, SegmentIndex.TextField.KEYWORDS, query, k, exclusions), nodeScores);
            case HYBRID_SEARCH -> {
                Map<String, Double> semantic = bestPerSegment(
                        index.vectorSearch(id, vector, k, exclusions), nodeScores);
                Map<String, Double> text = bestPerSegment(
                        index.textSearch(id, SegmentIndex.TextField.CONTENT, query, k, exclusions), nodeScores);
                Map<String, Double> combined = new HashMap<>();
                semantic.forEach((seg, s) -> combined.merge(seg, VECTOR_WEIGHT * s, Double::sum));
                text.forEach((seg, s) -> combined.merge(seg, KEYWORD_WEIGHT * s, Double::sum));
                yield combined;
            }
        };
    }

    /** Several nodes may stand for one segment (child chunks); the segment takes its best score. */
    private static Map<String, Double> bestPerSegment(List<IndexHit> hits, Map<String, NodeHit> nodeScores) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (IndexHit h : hits) {
            best.merge(h.segmentId(), h.score(), Math::max);
            nodeScores.merge(h.nodeId(), new NodeHit(h.segmentId(), h.score()),
                    (a, b) -> a.score() >= b.score() ? a : b);
        }
        return best;
    }

    /** A matching node's segment and best score. */
    private record NodeHit(String segmentId, double score) {
    }

    /** The records that may be shown, and the segments the index returned that the database refuses. */
    private record Checked(List<RetrievalRecord> records, Set<String> refused) {
    }

    private Checked toRecords(Map<String, Double> scores, Map<String, NodeHit> nodeScores, RetrievalModel model) {
        List<Map.Entry<String, Double>> ranked = scores.entrySet().stream()
                .filter(e -> model.scoreThreshold() == null || e.getValue() >= model.scoreThreshold())
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(model.topK())
                .toList();
        if (ranked.isEmpty()) {
            return new Checked(List.of(), Set.of());
        }
        // The segments with their documents in one read.
        Map<String, SegmentRepository.WithDocument> byId = new HashMap<>();
        for (SegmentRepository.WithDocument row : segments.withDocuments(caller.tenantId(),
                ranked.stream().map(Map.Entry::getKey).toList())) {
            byId.put(row.segment().getId(), row);
        }
        List<SegmentRepository.WithDocument> shown = new ArrayList<>(ranked.size());
        Set<String> refused = new HashSet<>();
        for (Map.Entry<String, Double> e : ranked) {
            SegmentRepository.WithDocument row = byId.get(e.getKey());
            // The database has the last word: the segment may have changed since the exclusions were read.
            if (row == null || !row.segment().isSearchable() || !row.document().available()) {
                refused.add(e.getKey());
                continue;
            }
            shown.add(row);
        }
        Map<String, List<RetrievalRecord.ChildHit>> childHits = childHits(shown, nodeScores);
        List<RetrievalRecord> out = new ArrayList<>(shown.size());
        for (SegmentRepository.WithDocument row : shown) {
            String id = row.segment().getId();
            out.add(new RetrievalRecord(row.segment(), row.document(), scores.get(id),
                    childHits.getOrDefault(id, List.of())));
        }
        out.sort(Comparator.comparingDouble(RetrievalRecord::score).reversed());
        return new Checked(out, refused);
    }

    /**
     * Matching child chunks of the shown segments, by segment, best first. A node that is not its segment's own is a
     * child chunk (parent-child documents index only those); with none, there is nothing to read.
     */
    private Map<String, List<RetrievalRecord.ChildHit>> childHits(List<SegmentRepository.WithDocument> shown,
                                                                   Map<String, NodeHit> nodeScores) {
        Map<String, String> ownNode = new HashMap<>();
        shown.forEach(row -> ownNode.put(row.segment().getId(), row.segment().getIndexNodeId()));
        List<String> childNodes = new ArrayList<>();
        nodeScores.forEach((node, hit) -> {
            if (ownNode.containsKey(hit.segmentId()) && !node.equals(ownNode.get(hit.segmentId()))) {
                childNodes.add(node);
            }
        });
        if (childNodes.isEmpty()) {
            return Map.of();
        }
        Map<String, List<RetrievalRecord.ChildHit>> out = new HashMap<>();
        for (ChildChunk c : segments.childrenByNodeIds(childNodes)) {
            out.computeIfAbsent(c.getSegmentId(), k -> new ArrayList<>())
                    .add(new RetrievalRecord.ChildHit(c, nodeScores.get(c.getIndexNodeId()).score()));
        }
        out.values().forEach(l -> l.sort(Comparator.comparingDouble(RetrievalRecord.ChildHit::score).reversed()));
        return out;
    }
}
