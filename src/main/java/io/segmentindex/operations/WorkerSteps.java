package io.segmentindex.operations;

import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DatasetRepository;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentRepository;
import io.segmentindex.knowledge.DocumentSegment;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.platform.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.segmentindex.platform.InTransaction;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The transactions of the worker side; the index calls run between them, outside any transaction. */
@ApplicationScoped
public class WorkerSteps {

    @Inject
    OperationRepository operations;

    @Inject
    SegmentRepository segments;

    @Inject
    DocumentRepository documents;

    @Inject
    DatasetRepository datasets;

    @Inject
    ReconcileSteps followUps;

    @Inject
    Clock clock;

    /** What a run has to do: the index calls, in chunks, and how many items were skipped on re-reading. */
    public record Plan(ToggleAction action, List<IndexWork> chunks, int skipped) {
    }

    /** Summary of a finished operation. */
    public record Finished(Operation operation, List<String> targetIds, int succeeded, int failed, int skipped,
                           String firstError) {
    }

    /**
     * A claimed operation: its scope (segment, batch, document or dataset) and, for segment work, its plan; or,
     * for an operation given up instead of claimed again, what it ended with.
     */
    public record Claim(String scope, Plan plan, Finished givenUp) {
    }

    /**
     * Takes the operation under a lease and, for segment and batch operations, plans it in the same
     * transaction; empty when another worker holds it or it is finished.
     */
    @InTransaction
    public java.util.Optional<Claim> claim(String operationId, String owner, OffsetDateTime leaseUntil,
                                           int chunkSize, int maxAttempts) {
        OffsetDateTime now = Timestamps.now(clock);
        if (!operations.claim(operationId, owner, leaseUntil, now, maxAttempts)) {
            return giveUpIfExhausted(operationId, maxAttempts, now);
        }
        String scope = operations.findById(operationId).map(Operation::getScope).orElse("segment");
        boolean segments = !"dataset".equals(scope) && !"document".equals(scope);
        return java.util.Optional.of(new Claim(scope, segments ? plan(operationId, chunkSize) : null, null));
    }

    /**
     * Fails an operation whose every run died instead of running it again. Its unfinished items fail with the
     * reason gave_up_after_attempts and recover as a failed index call does (a disable is undone, an enable marks
     * its segment error); a reconcile of the dataset follows, except after a reconcile itself.
     */
    private java.util.Optional<Claim> giveUpIfExhausted(String operationId, int maxAttempts, OffsetDateTime now) {
        String error = OperationItem.GAVE_UP + ": claimed " + maxAttempts + " times, and no run finished";
        if (!operations.giveUp(operationId, maxAttempts, error, now)) {
            return java.util.Optional.empty();
        }
        Operation op = operations.findById(operationId).orElseThrow();
        List<OperationItem> unfinished = operations.queuedItems(operationId);
        unfinished.forEach(i -> i.giveUp(error, now));
        if (!op.isDatasetOperation() && !op.isDocumentOperation() && !unfinished.isEmpty()) {
            Map<String, Long> versions = new HashMap<>();
            unfinished.forEach(i -> versions.put(i.getTargetId(), i.getSegmentVersion()));
            if (op.getAction() == ToggleAction.DISABLE) {
                segments.reEnable(versions, now);
            } else {
                segments.markEnableFailed(versions, error, now);
            }
        }
        if (!op.isDatasetOperation()) {
            followUps.scheduleFollowUp(op.getTenantId(), op.getDatasetId());
        }
        return java.util.Optional.of(new Claim(op.getScope(), null, summarize(operationId)));
    }

    /** Back to queued, so that the next start takes it at once instead of waiting for the lease to run out. */
    @InTransaction
    public void handBack(String operationId, String owner) {
        operations.handBack(operationId, owner);
    }

    /**
     * Re-reads every queued segment and acts on its current state, not on the request's: a segment whose
     * switch has moved on since is left to the newer operation, so a late task never undoes a newer toggle.
     */
    @InTransaction
    public Plan plan(String operationId, int chunkSize) {
        Operation op = operations.findById(operationId).orElseThrow();
        ToggleAction action = op.getAction();
        OffsetDateTime now = Timestamps.now(clock);
        List<OperationItem> queued = operations.queuedItems(operationId);
        Map<String, DocumentSegment> current = segments.findAll(op.getTenantId(),
                        queued.stream().map(OperationItem::getTargetId).toList()).stream()
                .collect(Collectors.toMap(DocumentSegment::getId, Function.identity()));
        Dataset dataset = datasets.find(op.getTenantId(), op.getDatasetId()).orElse(null);
        Map<String, Document> docs = new HashMap<>();
        List<IndexWork.Target> targets = new ArrayList<>();
        Document document = null;
        int skipped = 0;
        for (OperationItem item : queued) {
            DocumentSegment s = current.get(item.getTargetId());
            Document d = s == null ? null : docs.computeIfAbsent(s.getDocumentId(),
                    id -> documents.findById(id).orElse(null));
            SkipReason skip = null;
            if (s == null || d == null || dataset == null) {
                skip = SkipReason.NOT_FOUND;
            } else if (s.isEnabled() != action.targetEnabled()) {
                skip = SkipReason.SUPERSEDED;
            } else if (!d.isAvailableForIndex()) {
                skip = SkipReason.DOCUMENT_UNAVAILABLE;
            }
            if (skip != null) {
                item.skip(skip, now);
                skipped++;
                continue;
            }
            document = d;
            targets.add(new IndexWork.Target(item.getPosition(), s.getId(), s.getVersion(), SegmentSource.of(s)));
        }
        if (document != null && document.getDocForm() == DocForm.HIERARCHICAL_MODEL) {
            targets = withChildren(targets, current);
        }
        List<IndexWork> chunks = new ArrayList<>();
        for (int i = 0; i < targets.size(); i += chunkSize) {
            chunks.add(new IndexWork(operationId, action, dataset, document.getDocForm(),
                    List.copyOf(targets.subList(i, Math.min(targets.size(), i + chunkSize))), new AtomicInteger()));
        }
        return new Plan(action, chunks, skipped);
    }

    /** Parent-child segments are indexed through their child chunks, so an enable needs them. */
    private List<IndexWork.Target> withChildren(List<IndexWork.Target> targets, Map<String, DocumentSegment> rows) {
        Map<String, List<ChildChunk>> children = segments.childrenOf(
                targets.stream().map(IndexWork.Target::segmentId).toList());
        return targets.stream().map(t -> new IndexWork.Target(t.position(), t.segmentId(), t.version(),
                SegmentSource.of(rows.get(t.segmentId()), children.getOrDefault(t.segmentId(), List.of())))).toList();
    }

    /** Segments of a finished call whose switch no longer matches what the call did. */
    public record Moved(List<SegmentSource> toLoad, List<String> toClean) {
    }

    @InTransaction
    public Moved moved(IndexWork work) {
        boolean target = work.action().targetEnabled();
        Map<String, DocumentSegment> now = segments.findAll(work.dataset().getTenantId(),
                        work.targets().stream().map(IndexWork.Target::segmentId).toList()).stream()
                .collect(Collectors.toMap(DocumentSegment::getId, Function.identity()));
        List<DocumentSegment> load = new ArrayList<>();
        List<String> clean = new ArrayList<>();
        for (IndexWork.Target t : work.targets()) {
            DocumentSegment s = now.get(t.segmentId());
            if (s == null || s.isEnabled() == target) {
                continue;
            }
            if (s.isSearchable()) {
                load.add(s);
            } else {
                clean.add(s.getIndexNodeId());
            }
        }
        if (load.isEmpty()) {
            return new Moved(List.of(), clean);
        }
        Map<String, List<ChildChunk>> children = work.docForm() == DocForm.HIERARCHICAL_MODEL
                ? segments.childrenOf(load.stream().map(DocumentSegment::getId).toList()) : Map.of();
        return new Moved(load.stream().map(s -> SegmentSource.of(s, children.getOrDefault(s.getId(), List.of())))
                .toList(), clean);
    }

    /** What {@link #record} found: segments that moved during the call, and the summary after the last chunk. */
    public record Recorded(Moved moved, Finished finished) {
    }

    /**
     * One transaction after each index call: the items' results, the re-read of segments that may have moved
     * meanwhile, and after the last chunk the operation's end.
     */
    @InTransaction
    public Recorded record(IndexWork work, IndexOutcome outcome, double latencyMillis, boolean last) {
        recordOutcome(work, outcome, latencyMillis);
        Moved moved = outcome.done() ? moved(work) : new Moved(List.of(), List.of());
        return new Recorded(moved, last ? finish(work.operationId()) : null);
    }

    @InTransaction
    public void recordOutcome(IndexWork work, IndexOutcome outcome, double latencyMillis) {
        OffsetDateTime now = Timestamps.now(clock);
        Map<Integer, OperationItem> items = operations.itemsBetween(work.operationId(),
                        work.targets().get(0).position(), work.targets().get(work.targets().size() - 1).position())
                .stream().collect(Collectors.toMap(OperationItem::getPosition, Function.identity()));
        for (IndexWork.Target t : work.targets()) {
            OperationItem item = items.get(t.position());
            if (outcome.done()) {
                item.succeed(latencyMillis, now);
            } else {
                item.fail(outcome.error(), outcome.attempts(), latencyMillis, now);
            }
        }
        if (outcome.done() && work.action() == ToggleAction.ENABLE) {
            segments.markIndexed(work.targets().stream().map(IndexWork.Target::segmentId).toList(), now);
        }
    }

    @InTransaction
    public void reEnable(IndexWork work) {
        segments.reEnable(work.versions(), Timestamps.now(clock));
    }

    @InTransaction
    public void markEnableFailed(IndexWork work, String error) {
        segments.markEnableFailed(work.versions(), error, Timestamps.now(clock));
    }

    @InTransaction
    public Finished finish(String operationId) {
        Finished summary = summarize(operationId);
        OperationState state = summary.failed() == 0 ? OperationState.SUCCEEDED
                : summary.succeeded() == 0 ? OperationState.FAILED : OperationState.PARTIALLY_FAILED;
        summary.operation().finish(state, summary.firstError(), Timestamps.now(clock));
        return summary;
    }

    /** The counts of an operation's items, without changing its state. */
    private Finished summarize(String operationId) {
        Operation op = operations.findById(operationId).orElseThrow();
        List<OperationItem> items = operations.items(operationId);
        int succeeded = 0;
        int failed = 0;
        int skipped = 0;
        String firstError = null;
        for (OperationItem i : items) {
            switch (i.getState()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> {
                    failed++;
                    firstError = firstError == null ? i.getError() : firstError;
                }
                default -> skipped++;
            }
        }
        return new Finished(op, items.stream().map(OperationItem::getTargetId).toList(), succeeded, failed, skipped,
                firstError);
    }
}
