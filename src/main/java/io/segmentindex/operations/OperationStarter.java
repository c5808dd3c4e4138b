package io.segmentindex.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The last step of every request that records an operation: commit it, free the markers of the targets that
 * were not queued after all (any failure before the commit frees them all), and only then start the work.
 */
@ApplicationScoped
class OperationStarter {

    @Inject
    OperationWorker worker;

    ToggleResult start(String operationId, Set<String> taken, BiConsumer<Collection<String>, String> release,
                       Supplier<ToggleResult> recordInOneTransaction) {
        ToggleResult result;
        try {
            result = recordInOneTransaction.get();
        } catch (RuntimeException e) {
            release.accept(taken, operationId);
            throw e;
        }
        if (result.replayed()) {
            // Another request with the same key recorded the operation: this one queued nothing of its own.
            release.accept(taken, operationId);
            return result;
        }
        List<String> notQueued = result.items().stream()
                .filter(i -> taken.contains(i.id()) && !"queued".equals(i.result()))
                .map(ToggleResult.ItemResult::id).toList();
        release.accept(notQueued, operationId);
        if (result.queuedAny()) {
            worker.submit(operationId);
        }
        return result;
    }
}
