package io.segmentindex.operations.toggle;

import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DatasetRepository;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentRepository;
import io.segmentindex.knowledge.DocumentSegment;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.operations.IndexOutcome;
import io.segmentindex.operations.ItemEnd;
import io.segmentindex.operations.OperationRepository;
import io.segmentindex.operations.SkipReason;
import io.segmentindex.operations.ToggleAction;
import io.segmentindex.operations.WorkerSteps;
import io.segmentindex.platform.InTransaction;
import io.segmentindex.platform.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The transactions of the toggle rounds: claim and plan a round, record its index calls; the calls run between
 * them, outside any transaction.
 */
@ApplicationScoped
public class RoundSteps {

    @Inject
    WorkerSteps steps;

    @Inject
    OperationRepository operations;

    @Inject
    SegmentRepository segments;

    @Inject
    DocumentRepository documents;

    @Inject
    DatasetRepository datasets;

    @Inject
    Clock clock;

    /** One operation of a round: what it asks for, and how many of its items were skipped on re-reading. */
    public record Claimed(String operationId, ToggleAction action, int skipped) {
    }

    /**
     * The work of one round: the operations claimed, their index calls grouped across operations (one per dataset,
     * document form and action, up to a chunk of segments each), and the operations given up instead of claimed.
     */
    public record Round(List<Claimed> operations, List<IndexWork> calls, List<WorkerSteps.Finished> givenUp,
                        List<String> deferred) {
        public boolean isEmpty() {
            return operations.isEmpty() && givenUp.isEmpty();
        }
    }

    /**
     * Claims every segment and batch operation that is ready, up to about {@code maxItems} segments (always at
     * least one operation), in one transaction: locked with SKIP LOCKED, so that replicas share the work without
     * waiting on each other; those claimed too often already are given up instead. Then plans them all.
     */
    @InTransaction
    public Round claimRound(RoundScope scope, String owner, OffsetDateTime leaseUntil, int maxItems, int chunkSize,
                            int maxAttempts) {
        OffsetDateTime now = Timestamps.now(clock);
        List<WorkerSteps.Finished> givenUp = new ArrayList<>();
        List<String> take = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        int items = 0;
        for (Object[] row : operations.lockReadyToggles(scope.local(), scope.orphans(), scope.queuedBefore(), now,
                Math.max(1, maxItems))) {
            String id = (String) row[0];
            int total = ((Number) row[1]).intValue();
            if (((Number) row[2]).intValue() >= maxAttempts) {
                steps.giveUpIfExhausted(id, maxAttempts, now).map(WorkerSteps.Claim::givenUp).ifPresent(givenUp::add);
            } else if (!take.isEmpty() && items + total > maxItems) {
                deferred.add(id); // the next round's
            } else {
                take.add(id);
                items += total;
            }
        }
        operations.claimAll(take, owner, leaseUntil, now);
        Planned planned = planAll(take, now);
        List<IndexWork> calls = new ArrayList<>();
        for (List<IndexWork.Target> same : planned.byCall().values()) {
            IndexWork.Target first = same.get(0);
            OperationRepository.Header op = planned.operations().get(first.operationId());
            Document document = planned.documents().get(first.documentId());
            Dataset dataset = planned.datasets().get(op.datasetId());
            for (int i = 0; i < same.size(); i += chunkSize) {
                calls.add(new IndexWork(first.operationId(), op.action(), dataset.ref(), document.getDocForm(),
                        List.copyOf(same.subList(i, Math.min(same.size(), i + chunkSize))), new AtomicInteger()));
            }
        }
        List<Claimed> claimed = take.stream().map(id -> new Claimed(id, planned.operations().get(id).action(),
                planned.skipped().getOrDefault(id, 0))).toList();
        return new Round(claimed, calls, givenUp, deferred);
    }

    /**
     * Which operations a round may take: those this server accepted ({@code local}), and with {@code orphans} any
     * queued before {@code queuedBefore} or running under a lease that ran out.
     */
    public record RoundScope(Collection<String> local, boolean orphans, OffsetDateTime queuedBefore) {
    }

    /** How one call of a round ended, and how long it took. */
    public record CallResult(IndexWork work, IndexOutcome outcome, double latencyMillis) {
    }

    /** What a round recorded: the segments that moved during its calls (per call), and each operation's end. */
    public record RoundRecorded(List<Moved> moved, List<WorkerSteps.Finished> finished) {
    }

    /**
     * One transaction after the round's index calls: the items of each call ended in one statement, the re-read of
     * segments that may have moved meanwhile, and the end of every operation of the round.
     */
    @InTransaction
    public RoundRecorded recordRound(List<Claimed> claimed, List<CallResult> results) {
        OffsetDateTime now = Timestamps.now(clock);
        List<Moved> moved = new ArrayList<>();
        List<String> indexed = new ArrayList<>();
        for (CallResult r : results) {
            operations.endItems(r.work().targets().stream().map(t -> new OperationRepository.Queued(
                    t.operationId(), t.position(), t.segmentId())).toList(),
                    ItemEnd.after(r.outcome(), r.latencyMillis()), now);
            if (r.outcome().done() && r.work().action() == ToggleAction.ENABLE) {
                r.work().targets().forEach(t -> indexed.add(t.segmentId()));
            }
            moved.add(r.outcome().done() ? moved(r.work()) : new Moved(List.of(), List.of()));
        }
        segments.markIndexed(indexed, now);
        return new RoundRecorded(moved, steps.finishAll(claimed.stream().map(Claimed::operationId).toList(), now));
    }

    /** The plan of a round: targets grouped by dataset, document form and action, and what it read to make it. */
    private record Planned(Map<String, OperationRepository.Header> operations, Map<String, Dataset> datasets,
                           Map<String, Document> documents, Map<String, List<IndexWork.Target>> byCall,
                           Map<String, Integer> skipped) {
    }

    /**
     * Re-reads every queued segment of these operations, in a few set-based statements, and acts on its current
     * state, not on the request's: a segment whose switch has moved on since is left to the newer operation, so a
     * late task never undoes a newer toggle. Only the segments an enable puts back are read with their text.
     */
    private Planned planAll(List<String> operationIds, OffsetDateTime now) {
        Map<String, OperationRepository.Header> ops = new HashMap<>();
        operations.headers(operationIds).forEach(o -> ops.put(o.id(), o));
        Map<String, Integer> order = new HashMap<>();
        operationIds.forEach(id -> order.putIfAbsent(id, order.size()));
        List<OperationRepository.Queued> queued = new ArrayList<>(operations.queuedOf(operationIds));
        queued.sort(Comparator.comparing((OperationRepository.Queued i) -> order.get(i.operationId()))
                .thenComparingInt(OperationRepository.Queued::position));
        Map<String, List<String>> idsByTenant = new HashMap<>();
        queued.forEach(i -> idsByTenant.computeIfAbsent(ops.get(i.operationId()).tenantId(),
                k -> new ArrayList<>()).add(i.targetId()));
        Map<String, SegmentRepository.Switch> current = new HashMap<>();
        idsByTenant.forEach((tenant, ids) -> segments.switchesOf(tenant, ids).forEach(s -> current.put(s.id(), s)));
        Map<String, Document> docs = new HashMap<>();
        documents.findAll(current.values().stream().map(SegmentRepository.Switch::documentId).distinct().toList())
                .forEach(d -> docs.put(d.getId(), d));
        Map<String, Dataset> sets = new HashMap<>();
        ops.values().stream().filter(o -> !sets.containsKey(o.datasetId())).forEach(o ->
                datasets.find(o.tenantId(), o.datasetId()).ifPresent(d -> sets.put(d.getId(), d)));
        Map<String, List<IndexWork.Target>> byCall = new LinkedHashMap<>();
        Map<SkipReason, List<OperationRepository.Queued>> skippedItems = new LinkedHashMap<>();
        Map<String, Integer> skipped = new HashMap<>();
        Map<String, List<String>> toLoad = new HashMap<>();
        for (OperationRepository.Queued item : queued) {
            OperationRepository.Header op = ops.get(item.operationId());
            SegmentRepository.Switch s = current.get(item.targetId());
            Document d = s == null ? null : docs.get(s.documentId());
            SkipReason skip = IndexWork.skipReason(op.action(), s, d, sets.get(op.datasetId()));
            if (skip != null) {
                skippedItems.computeIfAbsent(skip, k -> new ArrayList<>()).add(item);
                skipped.merge(op.id(), 1, Integer::sum);
                continue;
            }
            if (op.action() == ToggleAction.ENABLE) {
                toLoad.computeIfAbsent(op.tenantId(), k -> new ArrayList<>()).add(s.id());
            }
            byCall.computeIfAbsent(op.datasetId() + "|" + d.getDocForm() + "|" + op.action(),
                    k -> new ArrayList<>()).add(new IndexWork.Target(op.id(), item.position(), s.id(), d.getId(),
                    s.version(), SegmentSource.removal(s.id(), d.getId(), s.indexNodeId())));
        }
        skippedItems.forEach((why, items) -> operations.endItems(items, ItemEnd.skipped(why), now));
        if (!toLoad.isEmpty()) {
            Map<String, SegmentSource> sources = sourcesToLoad(toLoad, docs);
            byCall.replaceAll((k, targets) -> targets.stream().map(t -> sources.containsKey(t.segmentId())
                    ? t.withSource(sources.get(t.segmentId())) : t).toList());
        }
        return new Planned(ops, sets, docs, byCall, skipped);
    }

    /** What an enable puts back: the segments with their text, and child chunks for the parent-child form. */
    private Map<String, SegmentSource> sourcesToLoad(Map<String, List<String>> idsByTenant, Map<String, Document> docs) {
        List<DocumentSegment> rows = new ArrayList<>();
        idsByTenant.forEach((tenant, ids) -> rows.addAll(segments.findAll(tenant, ids)));
        List<String> hierarchical = rows.stream().filter(s -> docs.get(s.getDocumentId()).getDocForm()
                == DocForm.HIERARCHICAL_MODEL).map(DocumentSegment::getId).toList();
        Map<String, List<ChildChunk>> children = hierarchical.isEmpty() ? Map.of() : segments.childrenOf(hierarchical);
        Map<String, SegmentSource> out = new HashMap<>();
        rows.forEach(s -> out.put(s.getId(), SegmentSource.of(s, children.getOrDefault(s.getId(), List.of()))));
        return out;
    }

    /** Segments of a finished call whose switch no longer matches what the call did. */
    public record Moved(List<SegmentSource> toLoad, List<String> toClean) {
    }

    @InTransaction
    public Moved moved(IndexWork work) {
        boolean target = work.action().targetEnabled();
        // The switches first, without the text: most calls find nothing moved, and need read no more.
        List<String> movedIds = segments.switchesOf(work.dataset().tenantId(), work.dataset().id(),
                        work.targets().stream().map(IndexWork.Target::segmentId).toList()).stream()
                .filter(sw -> sw.movedFrom(target)).map(SegmentRepository.Switch::id).toList();
        if (movedIds.isEmpty()) {
            return new Moved(List.of(), List.of());
        }
        Map<String, DocumentSegment> now = segments.findAll(work.dataset().tenantId(), movedIds).stream()
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

    @InTransaction
    public void reEnable(IndexWork work) {
        segments.reEnable(work.versions(), Timestamps.now(clock));
    }

    @InTransaction
    public void markEnableFailed(IndexWork work, String error) {
        segments.markEnableFailed(work.versions(), error, Timestamps.now(clock));
    }
}
