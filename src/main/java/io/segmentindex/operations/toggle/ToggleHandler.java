package io.segmentindex.operations.toggle;

import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationHandler;
import io.segmentindex.operations.OperationItem;
import io.segmentindex.operations.OperationKind;
import io.segmentindex.operations.ToggleAction;
import io.segmentindex.operations.ToggleResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Segment and batch enable/disable, for the engine: they run in the rounds of {@link ToggleRounds}. */
@ApplicationScoped
public class ToggleHandler implements OperationHandler {

    @Inject
    ToggleRounds rounds;

    @Inject
    SegmentRepository segments;

    @Inject
    ToggleRequests requests;

    @Override
    public Set<OperationKind> kinds() {
        return Set.of(OperationKind.SEGMENT, OperationKind.BATCH);
    }

    /** Never claimed one by one: the worker hands such an operation back and {@link #wake}s the rounds instead. */
    @Override
    public void run(String operationId) {
        throw new UnsupportedOperationException("Segment and batch operations run in rounds: " + operationId);
    }

    @Override
    public ToggleResult retry(Operation failed, List<String> failedTargets, String idempotencyKey) {
        return failed.getKind() == OperationKind.SEGMENT
                ? requests.toggleSegment(failed.getDatasetId(), failedTargets.get(0), failed.getAction(), idempotencyKey)
                : requests.toggleBatch(failed.getDatasetId(), failed.getDocumentId(), failedTargets, failed.getAction(),
                idempotencyKey);
    }

    @Override
    public void wake(String operationId) {
        rounds.wake(operationId);
    }

    @Override
    public void wakeForOrphans() {
        rounds.wakeForOrphans();
    }

    /**
     * As a failed index call recovers: the segments of a disable given up are enabled again (at the versions its
     * items flipped them to), those of an enable marked error, with the reason.
     */
    @Override
    public void recoverGivenUp(Operation op, List<OperationItem> unfinished, OffsetDateTime now) {
        if (unfinished.isEmpty()) {
            return;
        }
        Map<String, Long> versions = new HashMap<>();
        unfinished.forEach(i -> versions.put(i.getTargetId(), i.getSegmentVersion()));
        if (op.getAction() == ToggleAction.DISABLE) {
            segments.reEnable(versions, now);
        } else {
            segments.markEnableFailed(versions, unfinished.get(0).getError(), now);
        }
    }
}
