package io.segmentindex.operations.toggle;

import io.segmentindex.operations.ToggleAction;
import io.segmentindex.operations.ToggleResult;
import jakarta.enterprise.inject.Vetoed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grouping alone, with the database and Redis replaced by a recorder (the real path, and a group the database
 * refuses, are in ToggleInContainerIT): many threads at once, and every request is answered exactly once, by a
 * group that holds it, with never two groups recorded at the same time.
 */
class ToggleIntakeTest {

    private static final int THREADS = 24;
    private static final int REQUESTS_EACH = 200;

    /**
     * Records every group it is given; answers each request with its own operation id as the result's. Vetoed: the
     * in-container ITs deploy this package's classes, and this must not become a second {@link ToggleSteps} bean.
     */
    @Vetoed
    static final class Recorder extends ToggleSteps {
        final Map<String, Integer> seen = new ConcurrentHashMap<>();
        final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inside = new AtomicInteger();
        volatile boolean overlapped;

        @Override
        public Map<String, ToggleResult> recordGroup(List<SingleToggle> toggles, BiConsumer<String, String> took) {
            if (inside.incrementAndGet() > 1) {
                overlapped = true;
            }
            try {
                sizes.add(toggles.size());
                Map<String, ToggleResult> out = new ConcurrentHashMap<>();
                for (SingleToggle t : toggles) {
                    seen.merge(t.operationId(), 1, Integer::sum);
                    took.accept(t.operationId(), t.segmentId());
                    out.put(t.operationId(), new ToggleResult(null, List.of(new ToggleResult.ItemResult(
                            t.operationId(), "queued")), false));
                }
                Thread.sleep(0, 200_000); // a statement's round trip, so that others queue meanwhile
                return out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    @Test
    void everyRequestIsAnsweredOnceByTheGroupThatHeldIt() throws Exception {
        Recorder recorder = new Recorder();
        ToggleIntake intake = new ToggleIntake();
        intake.steps = recorder;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < THREADS; c++) {
            clients.add(pool.submit(() -> {
                int answered = 0;
                for (int i = 0; i < REQUESTS_EACH; i++) {
                    String op = UUID.randomUUID().toString();
                    Set<String> taken = ConcurrentHashMap.newKeySet();
                    Optional<ToggleResult> r = intake.record(new SingleToggle(op, "t", "u", "d", "s-" + op,
                            ToggleAction.DISABLE, null), taken);
                    assertEquals(op, r.orElseThrow().items().get(0).id(), "its own answer");
                    assertEquals(Set.of("s-" + op), taken, "its own marker");
                    answered++;
                }
                return answered;
            }));
        }
        int total = 0;
        for (Future<Integer> f : clients) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(THREADS * REQUESTS_EACH, total);
        assertEquals(THREADS * REQUESTS_EACH, recorder.seen.size());
        assertTrue(recorder.seen.values().stream().allMatch(n -> n == 1), "no request recorded twice");
        assertFalse(recorder.overlapped, "one group at a time");
        assertTrue(recorder.sizes.stream().anyMatch(n -> n > 1), "requests that arrived together were grouped: "
                + recorder.sizes.stream().mapToInt(Integer::intValue).max().orElse(0));
        assertTrue(recorder.sizes.stream().allMatch(n -> n <= ToggleIntake.MAX_GROUP));
    }
}
