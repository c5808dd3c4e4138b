package io.segmentindex.operations.toggle;

import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.operations.InFlightLocks;
import io.segmentindex.operations.OperationStarter;
import io.segmentindex.operations.SkipReason;
import io.segmentindex.operations.StaleMarkers;
import io.segmentindex.operations.ToggleAction;
import io.segmentindex.operations.ToggleResult;
import io.segmentindex.platform.CallerContext;
import io.segmentindex.platform.Problem;
import io.segmentindex.platform.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The request side of enable/disable: checks, takes the in-flight markers, records the flip and the operation
 * in one transaction (for a single segment the checks and the marker run inside that transaction too), and
 * only then hands the operation to the worker. Any failure before the commit releases
 * the markers it took, so a refused request leaves nothing behind.
 */
@ApplicationScoped
public class ToggleRequests {

    @Inject
    ToggleSteps steps;

    @Inject
    DatasetService knowledge;

    @Inject
    StaleMarkers staleMarkers;

    @Inject
    OperationStarter starter;

    @Inject
    CallerContext caller;

    @Inject
    ToggleIntake intake;

    /**
     * One segment, for the caller of this request. Recorded with the single toggles that arrive with it
     * ({@link ToggleIntake}); one with an idempotency key alone, since its key stays locked until its own commit.
     */
    public ToggleResult toggleSegment(String datasetId, String segmentId, ToggleAction action, String idempotencyKey) {
        return toggleSegment(caller.tenantId(), caller.userId(), datasetId, segmentId, action, idempotencyKey);
    }

    /** {@link #toggleSegment(String, String, ToggleAction, String)} for this tenant and user, outside a request. */
    public ToggleResult toggleSegment(String tenant, String user, String datasetId, String segmentId,
                                      ToggleAction action, String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<ToggleResult> replay = steps.replay(tenant, idempotencyKey);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        String operationId = UUID.randomUUID().toString();
        // Filled only if the marker is taken, so that a refused request releases nothing.
        Set<String> taken = ConcurrentHashMap.newKeySet();
        Supplier<ToggleResult> alone = () -> steps.checkAndRecordSingle(operationId, tenant, user, datasetId,
                segmentId, action, idempotencyKey, taken);
        if (idempotencyKey != null) {
            return starter.start(InFlightLocks.Scope.SEGMENT, operationId, taken, alone);
        }
        SingleToggle toggle = new SingleToggle(operationId, tenant, user, datasetId, segmentId, action,
                Tracing.traceparent());
        return starter.start(InFlightLocks.Scope.SEGMENT, operationId, taken,
                () -> intake.record(toggle, taken).orElseGet(alone));
    }

    public ToggleResult toggleBatch(String datasetId, String documentId, List<String> segmentIds, ToggleAction action,
                                    String idempotencyKey) {
        String tenant = caller.tenantId();
        if (idempotencyKey != null) {
            Optional<ToggleResult> replay = steps.replay(tenant, idempotencyKey);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        knowledge.document(datasetId, documentId);
        if (staleMarkers.documentBusy(documentId)) {
            throw Problem.conflict("document_indexing", "Document is being indexed, please try again later.");
        }
        Map<String, SegmentRepository.Switch> found = steps.switchesOfDocument(tenant, datasetId, documentId,
                segmentIds);
        Map<String, SkipReason> skipped = new LinkedHashMap<>();
        List<String> candidates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : segmentIds) {
            SegmentRepository.Switch s = found.get(id);
            if (!seen.add(id)) {
                continue;
            }
            if (s == null) {
                skipped.put(id, SkipReason.NOT_FOUND);
            } else if (!s.status().switchable(action.targetEnabled())) {
                skipped.put(id, SkipReason.NOT_COMPLETED);
            } else if (s.enabled() == action.targetEnabled()) {
                skipped.put(id, SkipReason.already(action));
            } else {
                candidates.add(id);
            }
        }
        String operationId = UUID.randomUUID().toString();
        // Filled inside the recording transaction, after its idempotency key is held (see recordBatch).
        Set<String> taken = ConcurrentHashMap.newKeySet();
        return starter.start(InFlightLocks.Scope.SEGMENT, operationId, taken, () -> steps.recordBatch(operationId,
                tenant, caller.userId(), datasetId, documentId, segmentIds, action, skipped, candidates, taken,
                idempotencyKey));
    }
}
