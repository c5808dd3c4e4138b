package io.segmentindex.api;

import io.segmentindex.ingestion.NewDocument;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentBrief;
import io.segmentindex.knowledge.DocumentSegment;
import io.segmentindex.knowledge.Page;
import io.segmentindex.operations.ItemState;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationItem;
import io.segmentindex.operations.ToggleResult;
import io.segmentindex.operations.toggle.IndexState;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Response bodies; field names become snake_case on the wire. */
public final class Views {

    private Views() {
    }

    public record PageView<T>(List<T> data, long total, int page, int limit, boolean hasMore) {
        static <E, T> PageView<T> of(Page<E> page, Function<E, T> map) {
            return new PageView<>(page.data().stream().map(map).toList(), page.total(), page.page(), page.limit(),
                    page.hasMore());
        }
    }

    public record DatasetView(String id, String name, String description, String indexingTechnique, String embeddingModel,
                       int keywordNumber, String createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        static DatasetView of(Dataset d) {
            return new DatasetView(d.getId(), d.getName(), d.getDescription(), d.getIndexingTechnique().wire(),
                    d.getEmbeddingModel(), d.getKeywordNumber(), d.getCreatedBy(), d.getCreatedAt(),
                    d.getUpdatedAt());
        }
    }

    public record DocumentView(String id, String datasetId, int position, String name, String docForm, boolean enabled,
                        OffsetDateTime disabledAt, String disabledBy, boolean archived, String indexingStatus,
                        String error, int wordCount, int tokens, Double indexingLatency, OffsetDateTime completedAt,
                        String createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        static DocumentView of(Document d) {
            return new DocumentView(d.getId(), d.getDatasetId(), d.getPosition(), d.getName(), d.getDocForm().wire(),
                    d.isEnabled(), d.getDisabledAt(), d.getDisabledBy(), d.isArchived(),
                    d.getIndexingStatus().wire(), d.getError(), d.getWordCount(), d.getTokens(),
                    d.getIndexingLatency(), d.getCompletedAt(), d.getCreatedBy(), d.getCreatedAt(),
                    d.getUpdatedAt());
        }
    }

    /**
     * Compared by identity: JSON-B puts every object it writes into a hash set to detect cycles, and a record's value
     * hash read the segment's whole text again, several times per answer.
     */
    public record SegmentView(String id, String datasetId, String documentId, int position, String content, String answer,
                       int wordCount, int tokens, List<String> keywords, String indexNodeId, String indexNodeHash,
                       int hitCount, boolean enabled, OffsetDateTime disabledAt, String disabledBy, String status,
                       String error, String createdBy, OffsetDateTime createdAt, String updatedBy,
                       OffsetDateTime updatedAt, OffsetDateTime indexingAt, OffsetDateTime completedAt,
                       OffsetDateTime stoppedAt, long version, List<ChildChunkView> childChunks) {
        static SegmentView of(DocumentSegment s) {
            return of(s, List.of());
        }

        static SegmentView of(DocumentSegment s, List<ChildChunkView> children) {
            return new SegmentView(s.getId(), s.getDatasetId(), s.getDocumentId(), s.getPosition(), s.getContent(),
                    s.getAnswer(), s.getWordCount(), s.getTokens(), s.getKeywords() == null ? List.of()
                    : s.getKeywords(), s.getIndexNodeId(), s.getIndexNodeHash(), s.getHitCount(), s.isEnabled(),
                    s.getDisabledAt(), s.getDisabledBy(), s.getStatus().wire(), s.getError(), s.getCreatedBy(),
                    s.getCreatedAt(), s.getUpdatedBy(), s.getUpdatedAt(), s.getIndexingAt(), s.getCompletedAt(),
                    s.getStoppedAt(), s.getVersion(), children);
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    public record ChildChunkView(String id, int position, String content, int wordCount, String type, Double score) {
        static ChildChunkView of(ChildChunk c, Double score) {
            return new ChildChunkView(c.getId(), c.getPosition(), c.getContent(), c.getWordCount(), c.getType(), score);
        }
    }

    public record DocumentRef(String id, String name, String docForm) {
        static DocumentRef of(DocumentBrief d) {
            return new DocumentRef(d.id(), d.name(), d.docForm().wire());
        }
    }

    public record RecordView(SegmentView segment, DocumentRef document, double score) {
    }

    public record QueryView(String content) {
    }

    public record HitTestingView(QueryView query, List<RecordView> records) {
    }

    public record IndexStateView(String segmentId, String indexNodeId, boolean inIndex, boolean shouldBeInIndex) {
        static IndexStateView of(IndexState.SegmentIndexState s) {
            return new IndexStateView(s.segmentId(), s.indexNodeId(), s.inIndex(), s.shouldBeInIndex());
        }
    }

    public record ItemResultView(String segmentId, String result) {
    }

    public record DocumentResultView(String documentId, String result) {
    }

    public record DocumentStatusView(String result, String operationId, List<DocumentResultView> results) {
        static DocumentStatusView of(ToggleResult r) {
            return new DocumentStatusView("success", r.operation() == null ? null : r.operation().getId(),
                    r.items().stream().map(i -> new DocumentResultView(i.id(), i.result())).toList());
        }
    }

    public record ToggleView(String result, String operationId, String outcome, List<ItemResultView> results) {
        static ToggleView of(ToggleResult r, boolean batch) {
            String operationId = r.operation() == null ? null : r.operation().getId();
            List<ItemResultView> items = batch
                    ? r.items().stream().map(i -> new ItemResultView(i.id(), i.result())).toList() : null;
            String outcome = batch ? null : r.items().get(0).result();
            return new ToggleView("success", operationId, outcome, items);
        }
    }

    /** An item names a segment, or a document for document status operations. */
    public record OperationItemView(String segmentId, String documentId, String state, String reason, int attempts,
                                    String error, Double latencyMs, OffsetDateTime finishedAt) {
        static OperationItemView of(OperationItem i, boolean document) {
            return new OperationItemView(document ? null : i.getTargetId(), document ? i.getTargetId() : null,
                    i.getState().wire(), i.getReason(), i.getAttempts(), i.getError(), i.getLatencyMs(),
                    i.getFinishedAt());
        }
    }

    public record OperationView(String id, String datasetId, String documentId, String action, String scope,
                                String state, int total, Map<String, Long> counts, Integer missing, Integer extra,
                                Integer repaired, String error, int attempts, String worker,
                                String requestedBy, OffsetDateTime createdAt, OffsetDateTime startedAt,
                                OffsetDateTime finishedAt, List<OperationItemView> items) {
        static OperationView of(Operation o, List<OperationItem> items) {
            Map<ItemState, Long> counts = new EnumMap<>(ItemState.class);
            items.forEach(i -> counts.merge(i.getState(), 1L, Long::sum));
            OperationSummaryView s = OperationSummaryView.of(o, counts, null);
            return new OperationView(s.id(), s.datasetId(), s.documentId(), s.action(), s.scope(), s.state(),
                    s.total(), s.counts(), s.missing(), s.extra(), s.repaired(), s.error(), s.attempts(), s.worker(),
                    s.requestedBy(), s.createdAt(), s.startedAt(), s.finishedAt(),
                    items.stream().map(i -> OperationItemView.of(i, o.isDocumentOperation())).toList());
        }
    }

    /**
     * An operation in a listing: as {@link OperationView} without its items, with its retry (id and state) if it
     * was retried.
     */
    public record OperationSummaryView(String id, String datasetId, String documentId, String action, String scope,
                                       String state, int total, Map<String, Long> counts, Integer missing,
                                       Integer extra, Integer repaired, String error, int attempts, String worker,
                                       String requestedBy, OffsetDateTime createdAt, OffsetDateTime startedAt,
                                       OffsetDateTime finishedAt, String retriedBy, String retryState) {
        static OperationSummaryView of(Operation o, Map<ItemState, Long> itemCounts, Operation retry) {
            Map<String, Long> counts = new TreeMap<>();
            for (ItemState s : ItemState.values()) {
                counts.put(s.wire(), itemCounts.getOrDefault(s, 0L));
            }
            return new OperationSummaryView(o.getId(), o.getDatasetId(), o.getDocumentId(), o.getActionName(),
                    o.getScope(), o.getState().wire(), o.getTotal(), counts, o.getMissing(), o.getExtra(),
                    o.getRepaired(), o.getError(), o.getAttempts(), o.getWorker(), o.getRequestedBy(),
                    o.getCreatedAt(), o.getStartedAt(), o.getFinishedAt(), retry == null ? null : retry.getId(),
                    retry == null ? null : retry.getState().wire());
        }
    }

    /**
     * A retry: the operation it queued (null if every target had changed since), and each target's result; a
     * target is a segment id, or a document id for document operations (none for a dataset operation).
     */
    public record RetryView(String result, String operationId, String retryOf, List<TargetResultView> results) {
        static RetryView of(ToggleResult r, String retryOf) {
            return new RetryView("success", r.operation() == null ? null : r.operation().getId(), retryOf,
                    r.items().stream().map(i -> new TargetResultView(i.id(), i.result())).toList());
        }
    }

    /** Segments as a document add takes them: {@code segments} may be sent back as they are. */
    public record SplitPreviewView(String docForm, int total, List<SegmentInputView> segments) {
        static SplitPreviewView of(DocForm form, List<NewDocument.NewSegment> segments) {
            return new SplitPreviewView(form.wire(), segments.size(), segments.stream()
                    .map(s -> new SegmentInputView(s.content(), s.answer(), s.childChunks())).toList());
        }
    }

    public record SegmentInputView(String content, String answer, List<String> childChunks) {
    }

    public record TargetResultView(String id, String result) {
    }
}
