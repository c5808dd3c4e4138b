package io.segmentindex.operations.toggle;

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
 * The index calls of the toggle tasks, guarded by MicroProfile Fault Tolerance: retried with backoff, bounded
 * by a timeout, cut off by a circuit breaker while the index is down, and, when all that fails, handed to a
 * fallback that performs the seed's recovery. Each method has its own breaker. Every value can be tuned through
 * MicroProfile Config (e.g. {@code io.segmentindex.operations.toggle.IndexCommands/Retry/maxRetries}).
 */
@ApplicationScoped
@Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = UnsupportedIndexTypeException.class)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
        successThreshold = 2)
public class IndexCommands {

    @Inject
    IndexProcessorFactory processors;

    /** Takes the segments out of the index (the seed's {@code clean(dataset, [index_node_id])}). */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Fallback(DisableRecovery.class)
    public IndexOutcome remove(IndexWork work) {
        work.attempts().incrementAndGet();
        processors.processorFor(work.docForm()).clean(work.dataset(), work.nodeIds());
        return IndexOutcome.done(work.attempts().get());
    }

    /**
     * {@link #remove} for a call that a round grouped from several operations. It does not recover when it fails:
     * the round then splits the call by operation, so that one operation's bad segment fails only that operation,
     * and each part recovers on its own.
     */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Fallback(GroupedCallFailed.class)
    public IndexOutcome removeGrouped(IndexWork work) {
        return remove(work);
    }

    /** {@link #restore} for a grouped call; see {@link #removeGrouped}. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Fallback(GroupedCallFailed.class)
    public IndexOutcome restoreGrouped(IndexWork work) {
        return restore(work);
    }

    /**
     * The parts of a grouped call that failed after its retries: their segments have been tried as often as any
     * call's, so a part is tried once, only to find which segments fail. Retrying each part too would multiply the
     * retries by the number of parts, and a round of many operations on a failing dataset would hold up every
     * other dataset's toggles for as long.
     */
    @Retry(maxRetries = 0)
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Fallback(GroupedCallFailed.class)
    public IndexOutcome removeGroupedOnce(IndexWork work) {
        return remove(work);
    }

    /** A part of one segment, tried once (see {@link #removeGroupedOnce}); it recovers as {@link #remove} does. */
    @Retry(maxRetries = 0)
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Fallback(DisableRecovery.class)
    public IndexOutcome removeOnce(IndexWork work) {
        return remove(work);
    }

    /** {@link #removeGroupedOnce} for enables. */
    @Retry(maxRetries = 0)
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Fallback(GroupedCallFailed.class)
    public IndexOutcome restoreGroupedOnce(IndexWork work) {
        return restore(work);
    }

    /** {@link #removeOnce} for enables: it recovers as {@link #restore} does. */
    @Retry(maxRetries = 0)
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Fallback(EnableRecovery.class)
    public IndexOutcome restoreOnce(IndexWork work) {
        return restore(work);
    }

    /** Puts the segments back, from their stored vectors. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Fallback(EnableRecovery.class)
    public IndexOutcome restore(IndexWork work) {
        work.attempts().incrementAndGet();
        processors.processorFor(work.docForm()).load(work.dataset(), work.sources());
        return IndexOutcome.done(work.attempts().get());
    }
}
