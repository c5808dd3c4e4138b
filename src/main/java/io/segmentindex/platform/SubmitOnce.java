package io.segmentindex.platform;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands a piece of work to an executor at most once while it waits there. Sweeps find work that is still queued
 * behind other work under load; queueing it again would fill the executor's queue with duplicates.
 */
public final class SubmitOnce {

    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    /** False when {@code key} is already waiting; a refusal by the executor is passed on. */
    public boolean submit(ExecutorService executor, String key, Runnable task) {
        if (!waiting.add(key)) {
            return false;
        }
        try {
            executor.submit(() -> {
                waiting.remove(key);
                task.run();
            });
            return true;
        } catch (RejectedExecutionException e) {
            waiting.remove(key);
            throw e;
        }
    }
}
