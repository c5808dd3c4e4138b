package io.segmentindex.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Callers that wait for an operation to end (a long poll), so that following one costs one request rather than a
 * poll every few milliseconds. The server that records an operation's end wakes its waiters at once; a waiter also
 * reads the state again every {@code operations.wait-recheck-ms}, which covers an end recorded by another replica.
 * Each tenant has at most {@code operations.max-waits-per-tenant} waits open on a server; past that a caller is
 * answered at once, as without a wait.
 */
@ApplicationScoped
public class OperationWaits {

    @Inject
    OperationLookup lookup;

    @Inject
    @ConfigProperty(name = "operations.wait-recheck-ms")
    long recheckMillis;

    @Inject
    @ConfigProperty(name = "operations.max-waits-per-tenant")
    int maxPerTenant;

    /** Completed, and removed, when this server records the end of the operation. */
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openByTenant = new ConcurrentHashMap<>();

    private static final class Waiting {
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        int waiters;
    }

    /**
     * Waits until the operation has ended or {@code wait} has passed, and says whether it ended. {@code
     * beforeBlocking} runs once, just before the first time the caller would block (to give back what a waiting
     * call must not hold). False at once when the tenant already has its share of waits open.
     */
    public boolean awaitEnd(String tenantId, String operationId, Duration wait, Runnable beforeBlocking) {
        AtomicInteger open = openByTenant.computeIfAbsent(tenantId, t -> new AtomicInteger());
        if (open.incrementAndGet() > maxPerTenant) {
            open.decrementAndGet();
            return ended(operationId);
        }
        try {
            return awaitEnd(operationId, System.nanoTime() + wait.toNanos(), beforeBlocking);
        } finally {
            open.decrementAndGet();
        }
    }

    private boolean awaitEnd(String operationId, long deadline, Runnable beforeBlocking) {
        boolean blocked = false;
        while (true) {
            // Registered before the state is read, so an end recorded in between still wakes this waiter.
            CompletableFuture<Void> ended = join(operationId);
            try {
                if (ended(operationId)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (!blocked) {
                    blocked = true;
                    beforeBlocking.run();
                }
                if (!sleepUntil(ended, Math.min(left, TimeUnit.MILLISECONDS.toNanos(recheckMillis)))) {
                    return ended(operationId);
                }
            } finally {
                leave(operationId, ended);
            }
        }
    }

    /** This server recorded the end of these operations (or of a run of them): their waiters read again now. */
    public void ended(Collection<String> operationIds) {
        for (String id : operationIds) {
            Waiting w = waiting.remove(id);
            if (w != null) {
                w.ended.complete(null);
            }
        }
    }

    private boolean ended(String operationId) {
        return lookup.state(operationId).map(OperationState::isFinal).orElse(true);
    }

    private CompletableFuture<Void> join(String operationId) {
        return waiting.compute(operationId, (id, w) -> {
            Waiting joined = w == null ? new Waiting() : w;
            joined.waiters++;
            return joined;
        }).ended;
    }

    private void leave(String operationId, CompletableFuture<Void> joined) {
        waiting.computeIfPresent(operationId, (id, w) -> w.ended != joined || --w.waiters > 0 ? w : null);
    }

    /** False if interrupted: the caller then answers with what it has. */
    private static boolean sleepUntil(CompletableFuture<Void> ended, long nanos) {
        try {
            ended.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Time to read the state again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
