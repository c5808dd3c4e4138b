package io.segmentindex.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FairAdmissionTest {

    final List<String> admitted = new CopyOnWriteArrayList<>();

    /** A caller of a tenant that waits for a place and notes when it gets one. */
    Thread caller(FairAdmission admission, String tenant, String name) {
        Thread t = new Thread(() -> {
            try {
                if (admission.enter(tenant, 10, TimeUnit.SECONDS) == FairAdmission.Refusal.NONE) {
                    admitted.add(name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(1);
        }
    }

    @Test
    void aFloodingTenantOnlyLengthensItsOwnQueue() throws Exception {
        FairAdmission admission = new FairAdmission(1, 10);
        assertEquals(FairAdmission.Refusal.NONE, admission.enter("a", 1, TimeUnit.SECONDS));
        for (String name : List.of("a1", "a2", "a3")) {
            int before = admission.waiting();
            caller(admission, "a", name);
            await(() -> admission.waiting() == before + 1);
        }
        caller(admission, "b", "b1");
        await(() -> admission.waiting() == 4);
        for (int i = 1; i <= 4; i++) {
            admission.leave();
            int n = i;
            await(() -> admitted.size() == n);
        }
        assertEquals(List.of("a1", "b1", "a2", "a3"), admitted, "b waited for one place, not for a's queue");
        admission.leave();
        assertEquals(0, admission.running());
    }

    @Test
    void aTenantAloneUsesEveryPlace() throws Exception {
        FairAdmission admission = new FairAdmission(3, 10);
        for (int i = 0; i < 3; i++) {
            assertEquals(FairAdmission.Refusal.NONE, admission.enter("a", 0, TimeUnit.SECONDS));
        }
        assertEquals(3, admission.running());
        assertEquals(FairAdmission.Refusal.TIMED_OUT, admission.enter("a", 0, TimeUnit.SECONDS));
    }

    @Test
    void waitingIsBoundedInTimeAndLength() throws Exception {
        FairAdmission admission = new FairAdmission(1, 1);
        admission.enter("a", 0, TimeUnit.SECONDS);
        long start = System.nanoTime();
        assertEquals(FairAdmission.Refusal.TIMED_OUT, admission.enter("b", 50, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
        assertEquals(0, admission.waiting(), "a caller that gave up leaves no trace in the queue");
        caller(admission, "a", "a1");
        await(() -> admission.waiting() == 1);
        assertEquals(FairAdmission.Refusal.QUEUE_FULL, admission.enter("a", 1, TimeUnit.SECONDS));
        admission.leave();
        await(() -> admitted.size() == 1);
        assertEquals(1, admission.running(), "the place passed to a1 without being freed");
    }
}
