package io.segmentindex.operations.document;

import io.segmentindex.knowledge.DocumentAction;
import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.operations.InFlightLocks;
import io.segmentindex.operations.OperationLookup;
import io.segmentindex.operations.OperationStarter;
import io.segmentindex.operations.SkipReason;
import io.segmentindex.operations.ToggleResult;
import io.segmentindex.platform.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enable, disable, archive and un-archive documents, as operations: the document-level marker
 * ({@code document_{id}_indexing}) is held from the request until the index work is done, so segment toggles
 * of that document wait (409) meanwhile.
 */
@ApplicationScoped
public class DocumentStatusRequests {

    @Inject
    DocumentSteps steps;

    @Inject
    OperationLookup lookup;

    @Inject
    DatasetService knowledge;

    @Inject
    OperationStarter starter;

    @Inject
    CallerContext caller;

    public ToggleResult change(String datasetId, List<String> documentIds, DocumentAction action,
                               String idempotencyKey) {
        String tenant = caller.tenantId();
        Optional<ToggleResult> replay = lookup.replay(tenant, idempotencyKey);
        if (replay.isPresent()) {
            return replay.get();
        }
        knowledge.dataset(datasetId);
        Map<String, SkipReason> checked = steps.check(tenant, datasetId, documentIds, action);
        List<String> candidates = new ArrayList<>();
        checked.forEach((id, reason) -> {
            if (reason == null) {
                candidates.add(id);
            }
        });
        String operationId = UUID.randomUUID().toString();
        // Filled inside the recording transaction, after its idempotency key is held (see DocumentSteps.record).
        Set<String> taken = ConcurrentHashMap.newKeySet();
        return starter.start(InFlightLocks.Scope.DOCUMENT, operationId, taken, () -> steps.record(operationId,
                tenant, caller.userId(), datasetId, documentIds, action, checked, candidates, taken, idempotencyKey));
    }
}
