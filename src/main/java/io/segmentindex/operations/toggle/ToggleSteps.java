package io.segmentindex.operations.toggle;

import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.operations.InFlightLocks;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationItem;
import io.segmentindex.operations.OperationLookup;
import io.segmentindex.operations.OperationRepository;
import io.segmentindex.operations.SkipReason;
import io.segmentindex.operations.StaleMarkers;
import io.segmentindex.operations.ToggleAction;
import io.segmentindex.operations.ToggleResult;
import io.segmentindex.platform.Problem;
import io.segmentindex.platform.Timestamps;
import io.segmentindex.platform.Uuids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.segmentindex.platform.InTransaction;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The transactions of the request side. */
@ApplicationScoped
public class ToggleSteps {

    @Inject
    SegmentRepository segments;

    @Inject
    OperationRepository operations;

    @Inject
    Clock clock;

    @Inject
    DatasetService knowledge;

    @Inject
    InFlightLocks locks;

    @Inject
    StaleMarkers staleMarkers;

    @Inject
    OperationLookup lookup;

    /** See {@link OperationLookup#replay}. */
    public Optional<ToggleResult> replay(String tenantId, String idempotencyKey) {
        return lookup.replay(tenantId, idempotencyKey);
    }

    /** See {@link OperationLookup#replayAfterLock}. */
    public Optional<ToggleResult> replayAfterLock(String tenantId, String idempotencyKey) {
        return lookup.replayAfterLock(tenantId, idempotencyKey);
    }

    /** The switches of those of these segments that belong to the document, by id, read without their text. */
    @InTransaction
    public Map<String, SegmentRepository.Switch> switchesOfDocument(String tenantId, String datasetId,
                                                                   String documentId, List<String> ids) {
        return segments.switchesOf(tenantId, datasetId, ids.stream().filter(Uuids::isValid).distinct().toList())
                .stream().filter(s -> s.documentId().equals(documentId))
                .collect(Collectors.toMap(SegmentRepository.Switch::id, Function.identity()));
    }

    /**
     * A single segment's whole request in one transaction: the checks (in the order Dify answers them), the
     * document check and the segment's marker in one Redis round trip, then the flip and the operation.
     * {@code taken} receives the segment id once its marker is held, so the caller releases it on failure.
     */
    @InTransaction
    public ToggleResult checkAndRecordSingle(String operationId, String tenantId, String userId, String datasetId,
                                             String segmentId, ToggleAction action, String idempotencyKey,
                                             Set<String> taken) {
        Optional<ToggleResult> replay = replayAfterLock(tenantId, idempotencyKey);
        if (replay.isPresent()) {
            return replay.get();
        }
        SegmentRepository.Switch segment = segments.switchOf(tenantId, datasetId, segmentId)
                .orElseGet(() -> notFound(datasetId, segmentId));
        boolean mayToggle = segment.status().switchable(action.targetEnabled());
        if (!mayToggle || segment.enabled() == action.targetEnabled()) {
            if (staleMarkers.documentBusy(segment.documentId())) {
                throw documentIndexing();
            }
            if (!mayToggle) {
                throw Problem.conflict("segment_not_completed",
                        "Segment is not completed, enable or disable is not allowed.");
            }
            return new ToggleResult(null, List.of(new ToggleResult.ItemResult(segmentId, "unchanged")), false);
        }
        InFlightLocks.Take take = locks.acquireSegment(segment.documentId(), segmentId, operationId);
        if (take != InFlightLocks.Take.TAKEN && !staleMarkers.clear(take == InFlightLocks.Take.DOCUMENT_BUSY
                ? InFlightLocks.Scope.DOCUMENT : InFlightLocks.Scope.SEGMENT,
                List.of(take == InFlightLocks.Take.DOCUMENT_BUSY ? segment.documentId() : segmentId)).isEmpty()) {
            take = locks.acquireSegment(segment.documentId(), segmentId, operationId);
        }
        switch (take) {
            case DOCUMENT_BUSY -> throw documentIndexing();
            case SEGMENT_BUSY -> throw Problem.conflict("segment_indexing",
                    "Segment is being indexed, please try again later.");
            default -> taken.add(segmentId);
        }
        return recordSingle(operationId, tenantId, userId, datasetId, segment.documentId(), segmentId, action,
                idempotencyKey);
    }

    /** The 404 Dify gives: the dataset's if it is missing, else the segment's. */
    private SegmentRepository.Switch notFound(String datasetId, String segmentId) {
        knowledge.segment(datasetId, null, segmentId);
        throw Problem.notFound("Segment not found.");
    }

    static Problem documentIndexing() {
        return Problem.conflict("document_indexing", "Document is being indexed, please try again later.");
    }

    /** The flip, the operation and its item, in one statement (see {@link OperationRepository#flipAndRecord}). */
    @InTransaction
    public ToggleResult recordSingle(String operationId, String tenantId, String userId, String datasetId,
                                     String documentId, String segmentId, ToggleAction action, String idempotencyKey) {
        OffsetDateTime now = Timestamps.now(clock);
        Operation op = new Operation(operationId, tenantId, datasetId, documentId, action, false, userId,
                idempotencyKey, 1, now);
        return recorded(op, segmentId, operations.flipAndRecord(List.of(op), List.of(segmentId), now));
    }

    /**
     * Plain single toggles recorded together, in one transaction: their switches read in one statement, their
     * markers taken in one Redis round trip ({@code took} hears of each), and their flips and operations written in
     * one statement. The result of each one recorded (or found unchanged by the flip), by operation id. A toggle
     * left out needs the single-request path's checks: its segment is missing, not switchable, already so, or
     * busy, and nothing of it was written or taken.
     */
    @InTransaction
    public Map<String, ToggleResult> recordGroup(List<SingleToggle> toggles, BiConsumer<String, String> took) {
        Map<String, SegmentRepository.Switch> found = segments.switchesAsked(toggles.stream().map(t ->
                new SegmentRepository.Asked(t.operationId(), t.tenantId(), t.datasetId(), t.segmentId())).toList());
        List<SingleToggle> plain = toggles.stream().filter(t -> {
            SegmentRepository.Switch s = found.get(t.operationId());
            return s != null && s.status().switchable(t.action().targetEnabled())
                    && s.enabled() != t.action().targetEnabled();
        }).toList();
        List<InFlightLocks.Take> takes = locks.acquireEach(plain.stream().map(t -> new InFlightLocks.SegmentTake(
                found.get(t.operationId()).documentId(), t.segmentId(), t.operationId())).toList());
        OffsetDateTime now = Timestamps.now(clock);
        List<Operation> ops = new ArrayList<>();
        List<String> segmentIds = new ArrayList<>();
        for (int i = 0; i < plain.size(); i++) {
            SingleToggle t = plain.get(i);
            if (takes.get(i) != InFlightLocks.Take.TAKEN) {
                continue;
            }
            took.accept(t.operationId(), t.segmentId());
            Operation op = new Operation(t.operationId(), t.tenantId(), t.datasetId(),
                    found.get(t.operationId()).documentId(), t.action(), false, t.userId(), null, 1, now);
            op.continueTrace(t.traceparent());
            ops.add(op);
            segmentIds.add(t.segmentId());
        }
        Map<String, Long> versions = operations.flipAndRecord(ops, segmentIds, now);
        Map<String, ToggleResult> out = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            out.put(ops.get(i).getId(), recorded(ops.get(i), segmentIds.get(i), versions));
        }
        return out;
    }

    private static ToggleResult recorded(Operation op, String segmentId, Map<String, Long> versions) {
        Long version = versions.get(op.getId());
        if (version == null) {
            // Changed between the check and the flip: report what it is now, record nothing.
            return new ToggleResult(null, List.of(new ToggleResult.ItemResult(segmentId, "unchanged")), false);
        }
        return new ToggleResult(op, List.of(OperationLookup.result(OperationItem.queued(op.getId(), 0, segmentId,
                version))), false);
    }

    @InTransaction
    public ToggleResult recordBatch(String operationId, String tenantId, String userId, String datasetId,
                                    String documentId, List<String> requested, ToggleAction action,
                                    Map<String, SkipReason> skipped, List<String> candidates, Set<String> taken,
                                    String idempotencyKey) {
        Optional<ToggleResult> replay = replayAfterLock(tenantId, idempotencyKey);
        if (replay.isPresent()) {
            return replay.get();
        }
        taken.addAll(staleMarkers.take(InFlightLocks.Scope.SEGMENT, candidates, operationId));
        OffsetDateTime now = Timestamps.now(clock);
        Map<String, Long> flipped = segments.flip(tenantId, taken, action.targetEnabled(), userId, now);
        Operation op = new Operation(operationId, tenantId, datasetId, documentId, action, true, userId,
                idempotencyKey, requested.size(), now);
        List<OperationItem> items = new ArrayList<>(requested.size());
        Set<String> seen = new HashSet<>();
        Map<String, SkipReason> reasons = new HashMap<>(skipped);
        candidates.stream().filter(id -> !taken.contains(id))
                .forEach(id -> reasons.put(id, SkipReason.INDEXING_IN_PROGRESS));
        for (int i = 0; i < requested.size(); i++) {
            String id = requested.get(i);
            if (!seen.add(id)) {
                items.add(OperationItem.skipped(operationId, i, id, SkipReason.DUPLICATE, now));
            } else if (flipped.containsKey(id)) {
                items.add(OperationItem.queued(operationId, i, id, flipped.get(id)));
            } else {
                // Taken but not flipped: another request changed it first.
                items.add(OperationItem.skipped(operationId, i, id,
                        reasons.getOrDefault(id, SkipReason.already(action)), now));
            }
        }
        if (flipped.isEmpty()) {
            op.finishWithoutWork(now);
        }
        operations.add(op, items);
        return new ToggleResult(op, items.stream().map(OperationLookup::result).toList(), false);
    }

    @InTransaction
    public Operation operation(String tenantId, String operationId) {
        return operations.find(tenantId, operationId).orElseThrow(() -> Problem.notFound("Operation not found."));
    }

    @InTransaction
    public List<OperationItem> items(String operationId) {
        return operations.items(operationId);
    }

    /** An operation as a caller follows it: its items only once it has ended (null before). */
    public record Followed(Operation operation, List<OperationItem> itemsIfEnded) {
    }

    /** The operation, and once it has ended its items too, in one transaction: the answer a follower waits for. */
    @InTransaction
    public Followed followed(String tenantId, String operationId) {
        Operation op = operation(tenantId, operationId);
        return new Followed(op, op.getState().isFinal() ? operations.items(operationId) : null);
    }
}
