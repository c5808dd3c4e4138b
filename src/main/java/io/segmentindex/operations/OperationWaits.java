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
import java.util.function.Predicate;
import java.util.function.Supplier;

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
     * Waits until the operation has ended or {@code wait} has passed, and returns its last {@code read}: read once
     * more after each wake-up, and at the end. {@code ended} says whether a read shows the end; {@code
     * beforeBlocking} runs once, just before the caller first blocks (to give back what a waiting call must not
     * hold). A tenant that already has its share of waits open gets one read at once.
     */
    public <T> T awaitEnd(String tenantId, String operationId, Duration wait, Runnable beforeBlocking,
                          Supplier<T> read, Predicate<T> ended) {
        AtomicInteger open = openByTenant.computeIfAbsent(tenantId, t -> new AtomicInteger());
        if (open.incrementAndGet() > maxPerTenant) {
            open.decrementAndGet();
            return read.get();
        }
        try {
            return awaitEnd(operationId, System.nanoTime() + wait.toNanos(), beforeBlocking, read, ended);
        } finally {
            open.decrementAndGet();
        }
    }

    private <T> T awaitEnd(String operationId, long deadline, Runnable beforeBlocking, Supplier<T> read,
                           Predicate<T> ended) {
        boolean blocked = false;
        while (true) {
            // Registered before the read, so an end recorded in between still wakes this waiter.
            CompletableFuture<Void> woken = join(operationId);
            try {
                T current = read.get();
                if (ended.test(current) || deadline - System.nanoTime() <= 0) {
                    return current;
                }
                if (!blocked) {
                    blocked = true;
                    beforeBlocking.run();
                }
                blockUntilEnd(operationId, woken, deadline);
                if (Thread.currentThread().isInterrupted()) {
                    return read.get();
                }
            } finally {
                leave(operationId, woken);
            }
        }
    }

    /**
     * Blocks until woken, until the deadline, or until a read of the state alone (cheap, every recheck interval)
     * shows the end, which another replica may have recorded.
     */
    private void blockUntilEnd(String operationId, CompletableFuture<Void> woken, long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (sleepUntil(woken, Math.min(left, TimeUnit.MILLISECONDS.toNanos(recheckMillis)))
                    || Thread.currentThread().isInterrupted() || endedNow(operationId)) {
                return;
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

    private boolean endedNow(String operationId) {
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

    /** True if woken; false when the time ran out or the thread was interrupted (its flag then set again). */
    private static boolean sleepUntil(CompletableFuture<Void> woken, long nanos) {
        try {
            woken.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
