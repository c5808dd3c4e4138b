package io.segmentindex.operations.toggle;

import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.DocumentSegment;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.operations.FollowUps;
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
    RoundQueries queries;

    @Inject
    FollowUps followUps;

    @Inject
    Clock clock;

    /**
     * One operation of a round: what it asks for, how many of its items were skipped on re-reading, and the trace of
     * the request that recorded it (null while nothing is traced).
     */
    public record Claimed(String operationId, ToggleAction action, int skipped, String traceparent) {
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
     * least one operation), in one statement ({@link RoundQueries#claimSql}): locked with SKIP LOCKED, so that
     * replicas share the work without waiting on each other; those claimed too often already are given up instead,
     * in the same transaction. Then plans them all.
     */
    @InTransaction
    public Round claimRound(RoundScope scope, String owner, OffsetDateTime leaseUntil, int maxItems, int chunkSize,
                            int maxAttempts) {
        OffsetDateTime now = Timestamps.now(clock);
        RoundQueries.Claimed claim = queries.claim(scope, owner, leaseUntil, now, maxItems, maxAttempts);
        List<WorkerSteps.Finished> givenUp = new ArrayList<>();
        claim.exhausted().forEach(id -> steps.giveUpIfExhausted(id, maxAttempts, now)
                .map(WorkerSteps.Claim::givenUp).ifPresent(givenUp::add));
        Map<String, OperationRepository.Header> take = claim.taken();
        List<String> ids = List.copyOf(take.keySet());
        Planned planned = planAll(take, claim.queued(), now);
        List<IndexWork> calls = new ArrayList<>();
        for (List<IndexWork.Target> same : planned.byCall().values()) {
            IndexWork.Target first = same.get(0);
            RoundQueries.QueuedSegment where = planned.placements().get(first.segmentId());
            for (int i = 0; i < same.size(); i += chunkSize) {
                calls.add(new IndexWork(first.operationId(), take.get(first.operationId()).action(), where.dataset(),
                        where.docForm(), List.copyOf(same.subList(i, Math.min(same.size(), i + chunkSize))),
                        new AtomicInteger()));
            }
        }
        List<Claimed> claimed = ids.stream().map(id -> new Claimed(id, take.get(id).action(),
                planned.skipped().getOrDefault(id, 0), take.get(id).traceparent())).toList();
        return new Round(claimed, calls, givenUp, claim.deferred());
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
     * One transaction after the round's index calls, mostly one statement ({@link RoundQueries#END_ROUND}): every
     * item ended as its call did, every operation of the round ended by its tally, and the segments that moved
     * meanwhile found.
     */
    @InTransaction
    public RoundRecorded recordRound(List<Claimed> claimed, List<CallResult> results) {
        OffsetDateTime now = Timestamps.now(clock);
        List<OperationRepository.Queued> items = new ArrayList<>();
        List<ItemEnd> ends = new ArrayList<>();
        Map<String, Boolean> wentThrough = new LinkedHashMap<>();
        List<String> indexed = new ArrayList<>();
        for (CallResult r : results) {
            ItemEnd end = ItemEnd.after(r.outcome(), r.latencyMillis());
            for (IndexWork.Target t : r.work().targets()) {
                items.add(new OperationRepository.Queued(t.operationId(), t.position(), t.segmentId()));
                ends.add(end);
                if (r.outcome().done()) {
                    wentThrough.put(t.segmentId(), r.work().action().targetEnabled());
                }
            }
            if (r.outcome().done() && r.work().action() == ToggleAction.ENABLE) {
                r.work().targets().forEach(t -> indexed.add(t.segmentId()));
            }
        }
        List<String> ids = claimed.stream().map(Claimed::operationId).toList();
        RoundQueries.RoundEnd end = queries.endRound(items, ends, ids, wentThrough, now);
        List<Moved> moved = results.stream().map(r -> r.outcome().done() ? moved(r.work(), r.work().targets()
                .stream().map(IndexWork.Target::segmentId).filter(end.moved()::contains).toList())
                : new Moved(List.of(), List.of())).toList();
        segments.markIndexed(indexed, now);
        RoundRecorded recorded = new RoundRecorded(moved, WorkerSteps.inOrder(ids, end.tallies()));
        // The fallback queued a follow-up reconcile already, but it may run before this end is recorded and leave
        // these segments alone as in flight, while an earlier claim's write may have landed: one more is queued
        // with the end (unless one is still waiting), so a reconcile sees these operations finished.
        results.stream().filter(r -> !r.outcome().done()).map(r -> r.work().dataset()).distinct()
                .forEach(d -> followUps.schedule(d.tenantId(), d.id()));
        return recorded;
    }

    /** The plan of a round: targets grouped by dataset, document form and action, and where each segment lives. */
    private record Planned(Map<String, RoundQueries.QueuedSegment> placements,
                           Map<String, List<IndexWork.Target>> byCall, Map<String, Integer> skipped) {
    }

    /**
     * Acts on every queued segment of these operations ({@code claimed}: read with its document and dataset in the
     * claim's statement) as it is now, not as it was at the request: a segment whose switch has moved on since is left to the newer
     * operation, so a late task never undoes a newer toggle. Only the segments an enable puts back are read with
     * their text.
     */
    private Planned planAll(Map<String, OperationRepository.Header> ops, List<RoundQueries.QueuedSegment> claimed,
                            OffsetDateTime now) {
        Map<String, Integer> order = new HashMap<>();
        ops.keySet().forEach(id -> order.putIfAbsent(id, order.size()));
        List<RoundQueries.QueuedSegment> queued = new ArrayList<>(claimed);
        queued.sort(Comparator.comparing((RoundQueries.QueuedSegment q) -> order.get(q.item().operationId()))
                .thenComparingInt(q -> q.item().position()));
        Map<String, List<IndexWork.Target>> byCall = new LinkedHashMap<>();
        Map<SkipReason, List<OperationRepository.Queued>> skippedItems = new LinkedHashMap<>();
        Map<String, Integer> skipped = new HashMap<>();
        Map<String, RoundQueries.QueuedSegment> placements = new HashMap<>();
        Map<String, List<String>> toLoad = new HashMap<>();
        for (RoundQueries.QueuedSegment q : queued) {
            OperationRepository.Header op = ops.get(q.item().operationId());
            SkipReason skip = IndexWork.skipReason(op.action(), q);
            if (skip != null) {
                skippedItems.computeIfAbsent(skip, k -> new ArrayList<>()).add(q.item());
                skipped.merge(op.id(), 1, Integer::sum);
                continue;
            }
            SegmentRepository.Switch s = q.segment();
            placements.put(s.id(), q);
            if (op.action() == ToggleAction.ENABLE) {
                toLoad.computeIfAbsent(op.tenantId(), k -> new ArrayList<>()).add(s.id());
            }
            byCall.computeIfAbsent(op.datasetId() + "|" + q.docForm() + "|" + op.action(),
                    k -> new ArrayList<>()).add(new IndexWork.Target(op.id(), q.item().position(), s.id(),
                    s.documentId(), s.version(), SegmentSource.removal(s.id(), s.documentId(), s.indexNodeId())));
        }
        skippedItems.forEach((why, items) -> operations.endItems(items, ItemEnd.skipped(why), now));
        if (!toLoad.isEmpty()) {
            Map<String, SegmentSource> sources = sourcesToLoad(toLoad, placements);
            byCall.replaceAll((k, targets) -> targets.stream().map(t -> sources.containsKey(t.segmentId())
                    ? t.withSource(sources.get(t.segmentId())) : t).toList());
        }
        return new Planned(placements, byCall, skipped);
    }

    /** What an enable puts back: the segments with their text, and child chunks for the parent-child form. */
    private Map<String, SegmentSource> sourcesToLoad(Map<String, List<String>> idsByTenant,
                                                     Map<String, RoundQueries.QueuedSegment> placements) {
        List<DocumentSegment> rows = new ArrayList<>();
        idsByTenant.forEach((tenant, ids) -> rows.addAll(segments.findAll(tenant, ids)));
        List<String> hierarchical = rows.stream().filter(s -> placements.get(s.getId()).docForm()
                == DocForm.HIERARCHICAL_MODEL).map(DocumentSegment::getId).toList();
        Map<String, List<ChildChunk>> children = hierarchical.isEmpty() ? Map.of() : segments.childrenOf(hierarchical);
        Map<String, SegmentSource> out = new HashMap<>();
        rows.forEach(s -> out.put(s.getId(), SegmentSource.of(s, children.getOrDefault(s.getId(), List.of()))));
        return out;
    }

    /** Segments of a finished call whose switch no longer matches what the call did. */
    public record Moved(List<SegmentSource> toLoad, List<String> toClean) {
    }

    /** What to do about the segments of a call that moved while it ran ({@code movedIds}, usually none). */
    private Moved moved(IndexWork work, List<String> movedIds) {
        if (movedIds.isEmpty()) {
            return new Moved(List.of(), List.of());
        }
        boolean target = work.action().targetEnabled();
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
