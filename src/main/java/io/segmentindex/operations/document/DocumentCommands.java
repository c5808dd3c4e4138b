package io.segmentindex.operations.document;

import io.segmentindex.indexing.IndexProcessor;
import io.segmentindex.indexing.IndexProcessorFactory;
import io.segmentindex.indexing.UnsupportedIndexTypeException;
import io.segmentindex.operations.IndexOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;

/**
 * The index call of a document status operation, guarded by MicroProfile Fault Tolerance as the toggles' calls
 * are (retried with backoff, bounded by a timeout, cut off by its own circuit breaker while the index is down)
 * and, when all that fails, handed to a fallback that reverts the document's status. Every value can be tuned
 * through MicroProfile Config (e.g. {@code io.segmentindex.operations.document.DocumentCommands/Retry/maxRetries}).
 */
@ApplicationScoped
@Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = UnsupportedIndexTypeException.class)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
        successThreshold = 2)
public class DocumentCommands {

    private static final int LOAD_CHUNK = 500;

    @Inject
    IndexProcessorFactory processors;

    /**
     * Takes a whole document out of the index, or puts back those of its segments that are themselves enabled
     * (and makes sure the others are out).
     */
    @Timeout(value = 120, unit = ChronoUnit.SECONDS)
    @Fallback(DocumentRecovery.class)
    public IndexOutcome applyDocument(DocumentWork work) {
        work.attempts().incrementAndGet();
        IndexProcessor processor = processors.processorFor(work.docForm());
        for (int i = 0; i < work.toLoad().size(); i += LOAD_CHUNK) {
            processor.load(work.dataset(), work.toLoad().subList(i, Math.min(work.toLoad().size(), i + LOAD_CHUNK)));
        }
        if (!work.toClean().isEmpty()) {
            processor.clean(work.dataset(), work.toClean());
        }
        return IndexOutcome.done(work.attempts().get());
    }
}
