package io.segmentindex.platform;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed number of requests run at once; the rest wait, one queue per tenant, and a freed place goes to the
 * tenants with waiting requests in turn. A tenant alone may use every place, but a tenant that floods the server
 * only lengthens its own queue: another tenant's request waits for the next free place, not behind the flood.
 */
public final class FairAdmission {

    /** Why a request was not admitted. */
    public enum Refusal { NONE, QUEUE_FULL, TIMED_OUT }

    private final int places;
    private final int maxQueuedPerTenant;
    private final ReentrantLock lock = new ReentrantLock();
    // Insertion order is the turn order: a tenant just served goes to the back.
    private final Map<String, ArrayDeque<Waiter>> queues = new LinkedHashMap<>();
    private int inUse;

    private static final class Waiter {
        final Condition admitted;
        boolean in;

        Waiter(Condition admitted) {
            this.admitted = admitted;
        }
    }

    public FairAdmission(int places, int maxQueuedPerTenant) {
        if (places < 1 || maxQueuedPerTenant < 0) {
            throw new IllegalArgumentException("places must be at least 1, the queue bound at least 0");
        }
        this.places = places;
        this.maxQueuedPerTenant = maxQueuedPerTenant;
    }

    /** Takes a place for the tenant, waiting its turn up to the timeout; {@link Refusal#NONE} when admitted. */
    public Refusal enter(String tenant, long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            if (inUse < places && queues.isEmpty()) {
                inUse++;
                return Refusal.NONE;
            }
            ArrayDeque<Waiter> queue = queues.get(tenant);
            if (queue != null && queue.size() >= maxQueuedPerTenant) {
                return Refusal.QUEUE_FULL;
            }
            if (queue == null) {
                queue = new ArrayDeque<>();
                queues.put(tenant, queue);
            }
            Waiter me = new Waiter(lock.newCondition());
            queue.add(me);
            long left = unit.toNanos(timeout);
            try {
                while (!me.in && left > 0) {
                    left = me.admitted.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                if (me.in) {
                    handOn();
                } else {
                    forget(tenant, me);
                }
                throw e;
            }
            if (!me.in) {
                forget(tenant, me);
                return Refusal.TIMED_OUT;
            }
            return Refusal.NONE;
        } finally {
            lock.unlock();
        }
    }

    /** Gives the place back: to the next tenant in turn that is waiting, else it becomes free. */
    public void leave() {
        lock.lock();
        try {
            handOn();
        } finally {
            lock.unlock();
        }
    }

    private void handOn() {
        Iterator<Map.Entry<String, ArrayDeque<Waiter>>> turn = queues.entrySet().iterator();
        if (!turn.hasNext()) {
            inUse--;
            return;
        }
        Map.Entry<String, ArrayDeque<Waiter>> next = turn.next();
        turn.remove();
        Waiter waiter = next.getValue().poll();
        if (!next.getValue().isEmpty()) {
            queues.put(next.getKey(), next.getValue());
        }
        waiter.in = true;
        waiter.admitted.signal();
    }

    /** Requests running now, and waiting (for the tests and a gauge). */
    public int running() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }

    public int waiting() {
        lock.lock();
        try {
            return queues.values().stream().mapToInt(ArrayDeque::size).sum();
        } finally {
            lock.unlock();
        }
    }

    private void forget(String tenant, Waiter waiter) {
        ArrayDeque<Waiter> queue = queues.get(tenant);
        if (queue != null) {
            queue.remove(waiter);
            if (queue.isEmpty()) {
                queues.remove(tenant);
            }
        }
    }
}
