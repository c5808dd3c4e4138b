package io.segmentindex.operations.document;

import io.segmentindex.knowledge.DocumentAction;
import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DatasetRepository;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentRepository;
import io.segmentindex.knowledge.DocumentSegment;
import io.segmentindex.knowledge.IndexingStatus;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.knowledge.WireValue;
import io.segmentindex.operations.InFlightLocks;
import io.segmentindex.operations.IndexOutcome;
import io.segmentindex.operations.ItemState;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationItem;
import io.segmentindex.operations.OperationLookup;
import io.segmentindex.operations.OperationRepository;
import io.segmentindex.operations.SkipReason;
import io.segmentindex.operations.StaleMarkers;
import io.segmentindex.operations.ToggleResult;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The transactions of document status operations, on the request side and the worker side. */
@ApplicationScoped
public class DocumentSteps {

    @Inject
    StaleMarkers staleMarkers;

    @Inject
    OperationLookup lookup;

    @Inject
    DatasetRepository datasets;

    @Inject
    DocumentRepository documents;

    @Inject
    SegmentRepository segments;

    @Inject
    OperationRepository operations;

    @Inject
    Clock clock;

    /** Checks each requested document: null where it may change, else why it is skipped. */
    @InTransaction
    public Map<String, SkipReason> check(String tenantId, String datasetId, List<String> ids, DocumentAction action) {
        Map<String, SkipReason> out = new LinkedHashMap<>();
        for (String id : ids) {
            Document d = Uuids.isValid(id) ? documents.find(tenantId, datasetId, id).orElse(null) : null;
            if (d == null) {
                out.put(id, SkipReason.NOT_FOUND);
            } else if (d.getIndexingStatus() != IndexingStatus.COMPLETED) {
                out.put(id, SkipReason.NOT_COMPLETED);
            } else if (d.isInStateOf(action)) {
                out.put(id, switch (action) {
                    case ENABLE -> SkipReason.ALREADY_ENABLED;
                    case DISABLE -> SkipReason.ALREADY_DISABLED;
                    case ARCHIVE -> SkipReason.ALREADY_ARCHIVED;
                    case UN_ARCHIVE -> SkipReason.NOT_ARCHIVED;
                });
            } else {
                out.put(id, null);
            }
        }
        return out;
    }

    /** Applies the status to the documents whose markers were taken, and records the operation. */
    @InTransaction
    public ToggleResult record(String operationId, String tenantId, String userId, String datasetId,
                               List<String> requested, DocumentAction action, Map<String, SkipReason> checked,
                               List<String> candidates, Set<String> taken, String idempotencyKey) {
        Optional<ToggleResult> replay = lookup.replayAfterLock(tenantId, idempotencyKey);
        if (replay.isPresent()) {
            return replay.get();
        }
        taken.addAll(staleMarkers.take(InFlightLocks.Scope.DOCUMENT, candidates, operationId));
        Map<String, SkipReason> skipped = new HashMap<>();
        checked.forEach((id, reason) -> {
            if (reason != null) {
                skipped.put(id, reason);
            } else if (!taken.contains(id)) {
                skipped.put(id, SkipReason.INDEXING_IN_PROGRESS);
            }
        });
        OffsetDateTime now = Timestamps.now(clock);
        Operation op = Operation.forDocuments(operationId, tenantId, datasetId, action.wire(), userId,
                idempotencyKey, requested.size(), now);
        List<OperationItem> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String id = requested.get(i);
            if (!seen.add(id)) {
                items.add(OperationItem.skipped(operationId, i, id, SkipReason.DUPLICATE, now));
                continue;
            }
            Document d = taken.contains(id) ? documents.findForUpdate(id).orElse(null) : null;
            if (d != null && d.applyStatus(action, userId, now)) {
                items.add(OperationItem.queued(operationId, i, id, d.getVersion() + 1));
            } else {
                items.add(OperationItem.skipped(operationId, i, id,
                        skipped.getOrDefault(id, SkipReason.SUPERSEDED), now));
            }
        }
        if (items.stream().noneMatch(it -> it.getState() == ItemState.QUEUED)) {
            op.finishWithoutWork(now);
        }
        operations.add(op, items);
        return new ToggleResult(op, items.stream().map(OperationLookup::result).toList(), false);
    }

    /**
     * What each queued document needs now. A document whose state has moved on since the request is left to
     * the newer operation; one that is still unavailable for another reason (say, enabled but archived) keeps
     * its segments out of the index.
     */
    @InTransaction
    public List<DocumentWork> plan(String operationId) {
        Operation op = operations.findById(operationId).orElseThrow();
        DocumentAction action = WireValue.parse(DocumentAction.class, op.getActionName()).orElseThrow();
        Dataset dataset = datasets.find(op.getTenantId(), op.getDatasetId()).orElse(null);
        OffsetDateTime now = Timestamps.now(clock);
        List<DocumentWork> work = new ArrayList<>();
        for (OperationItem item : operations.queuedItems(operationId)) {
            Document d = documents.findById(item.getTargetId()).orElse(null);
            if (d == null || dataset == null) {
                item.skip(SkipReason.NOT_FOUND, now);
                continue;
            }
            if (!d.isInStateOf(action)) {
                item.skip(SkipReason.SUPERSEDED, now);
                continue;
            }
            List<DocumentSegment> all = segments.ofDocument(d.getId());
            List<SegmentSource> toLoad = new ArrayList<>();
            List<String> toClean = new ArrayList<>();
            boolean restore = !action.removes() && d.isAvailableForIndex();
            Map<String, List<ChildChunk>> children = restore && d.getDocForm() == DocForm.HIERARCHICAL_MODEL
                    ? segments.childrenOfDocument(d.getId()) : Map.of();
            for (DocumentSegment s : all) {
                if (restore && s.isSearchable()) {
                    toLoad.add(SegmentSource.of(s, children.getOrDefault(s.getId(), List.of())));
                } else {
                    toClean.add(s.getIndexNodeId());
                }
            }
            work.add(new DocumentWork(operationId, item.getPosition(), action, dataset.ref(), d.getDocForm(), d.getId(),
                    d.getVersion(), toLoad, toClean, new AtomicInteger()));
        }
        return work;
    }

    @InTransaction
    public void recordOutcome(DocumentWork work, IndexOutcome outcome, double latencyMillis) {
        OffsetDateTime now = Timestamps.now(clock);
        OperationItem item = operations.items(work.operationId()).stream()
                .filter(i -> i.getPosition() == work.position()).findFirst().orElseThrow();
        if (outcome.done()) {
            item.succeed(latencyMillis, now);
        } else {
            item.fail(outcome.error(), outcome.attempts(), latencyMillis, now);
        }
    }

    @InTransaction
    public void revert(DocumentWork work) {
        documents.revertStatus(work.documentId(), work.documentVersion(), work.action(),
                Timestamps.now(clock));
    }
}
