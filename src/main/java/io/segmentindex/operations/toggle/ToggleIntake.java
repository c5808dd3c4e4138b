package io.segmentindex.operations.toggle;

import io.segmentindex.operations.InFlightLocks;
import io.segmentindex.operations.ToggleResult;
import io.segmentindex.platform.TransactionFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Single-toggle requests that arrive together are recorded together ({@link ToggleSteps#recordGroup}): one read of
 * their switches, one Redis round trip for their markers, one statement for their flips and operations, and one
 * commit. No thread of its own and no timer: a request that finds no group being recorded records the queue
 * itself, its own request with it, so a lone request starts at once; under load, each group takes everything that
 * queued while the last one was recorded. A request that is not plain (its segment missing, not switchable,
 * already so, or busy) is answered by the single-request path, which gives the exact error.
 */
@ApplicationScoped
public class ToggleIntake {

    private static final Logger LOG = Logger.getLogger(ToggleIntake.class.getName());
    /** A bound on one statement's size; the API's admission limit (16 calls by default) keeps fewer in flight. */
    static final int MAX_GROUP = 64;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    @Inject
    ToggleSteps steps;

    @Inject
    InFlightLocks locks;

    private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock recording = new ReentrantLock();

    /**
     * Records this toggle with whatever else is waiting; {@code taken} receives its segment id once its marker is
     * held. Empty when the request must take the single-request path instead (nothing of it was written and no
     * marker of it is held). Throws what the group's transaction threw.
     */
    public Optional<ToggleResult> record(SingleToggle toggle, Set<String> taken) {
        Waiting me = new Waiting(toggle, taken, Thread.currentThread());
        queue.add(me);
        while (!me.answered()) {
            if (recording.tryLock()) {
                try {
                    while (!me.answered()) {
                        List<Waiting> group = drain();
                        if (group.isEmpty()) {
                            break;
                        }
                        recordGroup(group);
                    }
                } finally {
                    recording.unlock();
                }
                // Whoever queued while this group was recorded leads the next one.
                Waiting next = queue.peek();
                if (next != null) {
                    next.nudge();
                }
            } else {
                me.park();
            }
        }
        return me.result();
    }

    private List<Waiting> drain() {
        List<Waiting> group = new ArrayList<>();
        Waiting w;
        while (group.size() < MAX_GROUP && (w = queue.poll()) != null) {
            group.add(w);
        }
        return group;
    }

    private void recordGroup(List<Waiting> group) {
        Map<String, Waiting> byOperation = new LinkedHashMap<>();
        group.forEach(w -> byOperation.put(w.toggle.operationId(), w));
        try {
            Map<String, ToggleResult> recorded = steps.recordGroup(group.stream().map(w -> w.toggle).toList(),
                    (operationId, segmentId) -> byOperation.get(operationId).taken.add(segmentId));
            group.forEach(w -> w.answer(recorded.get(w.toggle.operationId()), null));
        } catch (TransactionFailedException e) {
            if (e.mayHaveCommitted() || group.size() == 1) {
                group.forEach(w -> w.answer(null, e)); // each request looks up its own operation
            } else {
                alone(group, e);
            }
        } catch (RuntimeException | Error e) {
            if (group.size() == 1) {
                group.forEach(w -> w.answer(null, e instanceof RuntimeException r ? r : new IllegalStateException(e)));
            } else {
                alone(group, e);
            }
        }
    }

    /**
     * A group that failed before its commit: nothing of it was written. Its markers are freed and each request
     * tries again alone, so that a request the group could not record fails only itself.
     */
    private void alone(List<Waiting> group, Throwable cause) {
        LOG.log(Level.INFO, "A group of " + group.size() + " toggle requests was not recorded; each tries alone",
                cause);
        Map<String, List<String>> held = new LinkedHashMap<>();
        group.forEach(w -> held.put(w.toggle.operationId(), List.copyOf(w.taken)));
        try {
            locks.releaseSegments(held);
            group.forEach(w -> w.taken.clear());
            group.forEach(w -> w.answer(null, null));
        } catch (RuntimeException e) {
            // Markers still held by operations that were never recorded: each request frees its own as it fails.
            RuntimeException failure = cause instanceof RuntimeException r ? r : e;
            group.forEach(w -> w.answer(null, failure));
        }
    }

    /** One request in the queue, and its answer once its group is recorded. */
    private static final class Waiting {
        final SingleToggle toggle;
        final Set<String> taken;
        final Thread thread;
        private volatile boolean answered;
        private volatile boolean nudged;
        private ToggleResult result;
        private RuntimeException failure;

        Waiting(SingleToggle toggle, Set<String> taken, Thread thread) {
            this.toggle = toggle;
            this.taken = taken;
            this.thread = thread;
        }

        /** {@code result} null and no failure: the request takes the single-request path. */
        void answer(ToggleResult r, RuntimeException f) {
            result = r;
            failure = f;
            answered = true; // publishes result and failure
            LockSupport.unpark(thread);
        }

        boolean answered() {
            return answered;
        }

        Optional<ToggleResult> result() {
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(result);
        }

        void nudge() {
            nudged = true;
            LockSupport.unpark(thread);
        }

        /** Until answered or asked to lead; the timeout only guards against a nudge that went to a finished leader. */
        void park() {
            if (!answered && !nudged) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            nudged = false;
        }
    }
}
