package io.segmentindex.platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubmitOnceTest {

    // One worker and a queue of one, as the indexing executor behaves when it is full.
    final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
    final SubmitOnce once = new SubmitOnce();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aKeyWaitingInTheQueueIsNotQueuedAgainButMayBeOnceItRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        assertTrue(once.submit(executor, "busy", () -> await(release)));
        awaitRunning();
        assertTrue(once.submit(executor, "op", runs::incrementAndGet));
        assertFalse(once.submit(executor, "op", runs::incrementAndGet), "already waiting");
        release.countDown();
        awaitRuns(runs, 1);
        awaitIdle();
        assertTrue(once.submit(executor, "op", runs::incrementAndGet), "ran, so it may be queued again");
        awaitRuns(runs, 2);
        Thread.sleep(50);
        assertEquals(2, runs.get(), "and it ran once each time");
    }

    @Test
    void aRefusedKeyIsNotRememberedAsWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        once.submit(executor, "busy", () -> await(release));
        awaitRunning();
        once.submit(executor, "fills-the-queue", () -> { });
        assertThrows(RejectedExecutionException.class, () -> once.submit(executor, "op", () -> { }));
        release.countDown();
        awaitIdle();
        assertTrue(once.submit(executor, "op", () -> { }), "refused before, so not waiting");
    }

    private void awaitRunning() throws InterruptedException {
        while (executor.getActiveCount() == 0) {
            Thread.sleep(1);
        }
    }

    private void awaitIdle() throws InterruptedException {
        while (executor.getCompletedTaskCount() < executor.getTaskCount()) {
            Thread.sleep(1);
        }
    }

    private static void awaitRuns(AtomicInteger runs, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runs.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
