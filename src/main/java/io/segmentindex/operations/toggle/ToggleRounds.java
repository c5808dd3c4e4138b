package io.segmentindex.operations.toggle;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.segmentindex.indexing.IndexProcessorFactory;
import io.segmentindex.operations.InFlightLocks;
import io.segmentindex.operations.IndexOutcome;
import io.segmentindex.operations.OperationRepository;
import io.segmentindex.operations.OperationSpans;
import io.segmentindex.operations.OperationState;
import io.segmentindex.operations.OperationWaits;
import io.segmentindex.operations.ToggleAction;
import io.segmentindex.operations.WorkerSteps;
import io.segmentindex.platform.Leases;
import io.segmentindex.platform.ServiceMetrics;
import io.segmentindex.platform.Timestamps;
import io.segmentindex.platform.Tracing;
import io.segmentindex.platform.WorkGate;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Segment enable/disable, in rounds. One loop per server takes, each round, every segment and batch operation
 * that is ready (up to a bound of segments), plans them together, makes one index call per dataset, document form
 * and action, records every result in one transaction and frees every marker in one Redis round trip. A request
 * wakes the loop, so a lone toggle starts at once; under load, each round takes all that queued meanwhile.
 * An index call that fails is split, by operation and then in halves, so that a bad segment fails only itself;
 * a segment that still fails alone recovers as a lone toggle does (a disable is undone, an enable marked error).
 * Each operation of a round has a span that continues its request's trace ({@link OperationSpans}).
 */
@ApplicationScoped
public class ToggleRounds {

    private static final Logger LOG = Logger.getLogger(ToggleRounds.class.getName());
    private static final int TRACES_LOGGED = 10;
    private static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("segment_index.attempts");
    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");

    @Inject
    WorkerSteps steps;

    @Inject
    RoundSteps roundSteps;

    @Inject
    IndexCommands commands;

    @Inject
    IndexProcessorFactory processors;

    @Inject
    InFlightLocks locks;

    @Inject
    Leases leases;

    @Inject
    OperationWaits waits;

    @Inject
    WorkGate gate;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Tracing tracing;

    @Inject
    @ConfigProperty(name = "operations.chunk-size")
    int chunkSize;

    @Inject
    @ConfigProperty(name = "operations.round-segments")
    int roundSegments;

    @Inject
    @ConfigProperty(name = "operations.max-attempts")
    int maxAttempts;

    @Resource(lookup = "concurrent/indexing")
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "operations.sweep-interval-seconds")
    int sweepSeconds;

    @Inject
    Clock clock;

    private final AtomicBoolean looping = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean orphans = new AtomicBoolean();
    /** Operations this server accepted and has not yet run: a round takes them at once, whatever their age. */
    private final Set<String> local = ConcurrentHashMap.newKeySet();

    /** The request side recorded this operation: start the loop, or make the running one go round once more. */
    public void wake(String operationId) {
        local.add(operationId);
        wake();
    }

    /** The sweep found operations that waited too long or whose worker died: let the next round take them too. */
    public void wakeForOrphans() {
        orphans.set(true);
        wake();
    }

    /**
     * Runs one round of these queued operations now, in the calling thread, and says what it claimed and which
     * index calls it grouped; null if it could not claim.
     */
    public RoundSteps.Round runOnly(String... operationIds) {
        return round(new RoundSteps.RoundScope(List.of(operationIds), false, Timestamps.now(clock)));
    }

    private void wake() {
        again.set(true);
        if (gate.stopping() || !looping.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.submit(this::loop);
        } catch (RejectedExecutionException e) {
            looping.set(false);
            LOG.log(Level.WARNING, "Toggle rounds deferred: executor full or stopping; the sweeper wakes them");
        }
    }

    private void loop() {
        try {
            while (again.getAndSet(false) && !gate.stopping()) {
                while (round() && !gate.stopping()) {
                    again.set(false); // this round took what was there; only a later wake asks for more
                }
            }
        } finally {
            looping.set(false);
        }
        // A wake between the last check and the reset above would otherwise wait for the next sweep.
        if (again.get() && !gate.stopping()) {
            wake();
        }
    }

    /** One round of what this server accepted, and of orphans if a sweep found some; true when it found work. */
    boolean round() {
        List<String> mine = List.copyOf(local);
        boolean withOrphans = orphans.getAndSet(false);
        if (mine.isEmpty() && !withOrphans) {
            return false; // nothing to ask the database for: the round after every burst
        }
        RoundSteps.Round round = round(new RoundSteps.RoundScope(mine, withOrphans,
                Timestamps.now(clock).minusSeconds(sweepSeconds)));
        // Taken now, or by someone else, or ended: only those left for the next round are still this server's.
        mine.stream().filter(id -> round == null || !round.deferred().contains(id)).forEach(local::remove);
        boolean found = round != null && !round.isEmpty();
        if (withOrphans && found) {
            orphans.set(true); // there may be more than one round took; the next one looks again
        }
        return found;
    }

    /** Claims and runs one round; null when it could not even claim. */
    private RoundSteps.Round round(RoundSteps.RoundScope scope) {
        if (!gate.enter()) {
            return null;
        }
        long started = System.nanoTime();
        long startedEpoch = Tracing.epochNanos();
        RoundSteps.Round round;
        try {
            round = roundSteps.claimRound(scope, Leases.OWNER, leases.until(), roundSegments, chunkSize, maxAttempts);
        } catch (RuntimeException e) {
            gate.exit();
            LOG.log(Level.WARNING, "Toggle round could not claim its work; the sweeper wakes the next one", e);
            return null;
        }
        try {
            round.givenUp().forEach(this::reportGivenUp);
            if (!round.operations().isEmpty()) {
                run(round, started, startedEpoch);
            }
            return round;
        } finally {
            gate.exit();
        }
    }

    private void run(RoundSteps.Round round, long started, long startedEpoch) {
        List<String> ids = round.operations().stream().map(RoundSteps.Claimed::operationId).toList();
        ids.forEach(id -> leases.hold(OperationRepository.LEASE, id));
        Map<String, String> traceparents = new LinkedHashMap<>();
        round.operations().forEach(c -> traceparents.put(c.operationId(), c.traceparent()));
        OperationSpans spans = new OperationSpans(tracing, "operation", traceparents, startedEpoch);
        round.operations().forEach(c -> spans.of(c.operationId()).setAttribute(OperationSpans.ACTION,
                c.action().wire()));
        try {
            if (gate.stopping()) {
                ids.forEach(id -> steps.handBack(id, Leases.OWNER));
                spans.endAll("handed_back", null);
                return;
            }
            long claimed = System.nanoTime();
            List<RoundSteps.CallResult> results = new ArrayList<>();
            for (IndexWork call : round.calls()) {
                results.addAll(call(call, false, spans));
            }
            long called = System.nanoTime();
            RoundSteps.RoundRecorded recorded;
            try (OperationSpans.Step step = spans.step("record results", SpanKind.INTERNAL, ids)) {
                recorded = roundSteps.recordRound(round.operations(), results);
            }
            long recordedAt = System.nanoTime();
            for (int i = 0; i < results.size(); i++) {
                settleMovedSegments(results.get(i).work(), recorded.moved().get(i), spans);
            }
            releaseMarkers(recorded.finished(), spans);
            waits.ended(recorded.finished().stream().map(WorkerSteps.Finished::operationId).toList());
            recorded.finished().forEach(f -> spans.end(f.operationId(), f.state(), f.firstError()));
            long now = System.nanoTime();
            count(round, results, recorded, Duration.ofNanos(now - started), new long[] {
                    claimed - started, called - claimed, recordedAt - called, now - recordedAt}, spans.traceIds());
        } catch (RuntimeException e) {
            // Left running under their leases: the sweeper wakes a round that takes them again once they run out.
            LOG.log(Level.WARNING, "Toggle round of " + ids.size() + " operation(s) interrupted; it will be resumed",
                    e);
            spans.endAll("interrupted", e);
        } finally {
            spans.endAll("unfinished", null);
            ids.forEach(id -> leases.release(OperationRepository.LEASE, id));
        }
    }

    /**
     * One index call. A call of several segments that fails after its retries is split (by operation, then in
     * halves) and each {@code part} tried once more, so that a bad segment fails alone and its neighbours go
     * through; a call of one segment recovers through its fallback. When the index as a whole refuses (its breaker is open), splitting would find
     * nothing: the call then recovers whole.
     */
    private List<RoundSteps.CallResult> call(IndexWork work, boolean part, OperationSpans spans) {
        boolean several = work.targets().size() > 1;
        long t0 = System.nanoTime();
        IndexOutcome outcome;
        Map<String, Long> segments = work.targets().stream()
                .collect(Collectors.groupingBy(IndexWork.Target::operationId, Collectors.counting()));
        try (OperationSpans.Step step = spans.step(work.action() == ToggleAction.DISABLE ? "index remove"
                : "index restore", SpanKind.INTERNAL, segments.keySet(), segments::get)) {
            outcome = several ? grouped(work, part) : recovering(work, part);
            metrics.indexCall(work.action().wire()).update(Duration.ofNanos(System.nanoTime() - t0));
            if (!outcome.done() && several && outcome.indexDown()) {
                outcome = recovering(work, part);
                several = false; // recovered whole: nothing left to split
            }
            step.set(ATTEMPTS, outcome.attempts());
            if (!outcome.done()) {
                step.failed(String.valueOf(outcome.error()));
            }
        }
        if (outcome.done() || !several) {
            return List.of(new RoundSteps.CallResult(work, outcome, (System.nanoTime() - t0) / 1e6));
        }
        IndexOutcome failed = outcome;
        LOG.info(() -> "An index call of " + work.targets().size() + " segment(s) of " + work.operationIds().size()
                + " operation(s) failed (" + failed.error() + "); splitting it");
        List<RoundSteps.CallResult> parts = new ArrayList<>();
        for (IndexWork split : work.split()) {
            parts.addAll(call(split, true, spans));
        }
        return parts;
    }

    /** A part of a failed call is tried once: its segments had their retries in the call it came from. */
    private IndexOutcome grouped(IndexWork work, boolean part) {
        if (work.action() == ToggleAction.DISABLE) {
            return part ? commands.removeGroupedOnce(work) : commands.removeGrouped(work);
        }
        return part ? commands.restoreGroupedOnce(work) : commands.restoreGrouped(work);
    }

    private IndexOutcome recovering(IndexWork work, boolean part) {
        if (work.action() == ToggleAction.DISABLE) {
            return part ? commands.removeOnce(work) : commands.remove(work);
        }
        return part ? commands.restoreOnce(work) : commands.restore(work);
    }

    /**
     * A segment toggled again while this call ran (possible once its marker has expired or Redis lost it) may
     * have had its newer index work overtaken by ours: re-apply its current state, so the last finisher always
     * leaves the index as the database says.
     */
    private void settleMovedSegments(IndexWork work, RoundSteps.Moved moved, OperationSpans spans) {
        try {
            if (!moved.toLoad().isEmpty()) {
                processors.processorFor(work.docForm()).load(work.dataset(), moved.toLoad());
            }
            if (!moved.toClean().isEmpty()) {
                processors.processorFor(work.docForm()).clean(work.dataset(), moved.toClean());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not settle segments that moved during operation " + work.operationId()
                    + "; the reconciler will" + spans.logIds(work.operationId()), e);
        }
    }

    private void releaseMarkers(List<WorkerSteps.Finished> finished, OperationSpans spans) {
        Map<String, List<String>> byOperation = new LinkedHashMap<>();
        finished.forEach(f -> byOperation.put(f.operationId(), f.targetIds()));
        try (OperationSpans.Step step = spans.step("release markers", SpanKind.CLIENT, byOperation.keySet(),
                id -> byOperation.get(id).size())) {
            step.set(DB_SYSTEM, "redis");
            try {
                locks.releaseSegments(byOperation);
            } catch (RuntimeException e) {
                // The results are recorded; the sweep removes markers of ended operations within a sweep interval.
                step.failed(e);
                LOG.log(Level.INFO, "Could not release the markers of " + byOperation.size()
                        + " operation(s) now; the marker sweep will", e);
            }
        }
    }

    private void reportGivenUp(WorkerSteps.Finished givenUp) {
        metrics.operationsGivenUp().inc();
        releaseMarkers(List.of(givenUp), OperationSpans.none());
        waits.ended(List.of(givenUp.operationId()));
        LOG.warning(() -> "Operation " + givenUp.operationId() + " given up: claimed " + maxAttempts
                + " times and no run finished (" + givenUp.failed() + " item(s) failed)");
    }

    /** {@code phases}: nanoseconds to claim and plan, in index calls, to record, to settle and release. */
    private void count(RoundSteps.Round round, List<RoundSteps.CallResult> results,
                       RoundSteps.RoundRecorded recorded, Duration took, long[] phases,
                       Map<String, String> traceIds) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (RoundSteps.CallResult r : results) {
            String action = r.work().action().wire();
            int n = r.work().targets().size();
            metrics.operations(action, r.outcome().done() ? "success" : "fallback").inc(n);
            if (!r.outcome().done()) {
                r.work().operationIds().forEach(id -> outcomes.put(id, "fallback"));
            }
        }
        for (RoundSteps.Claimed c : round.operations()) {
            metrics.operations(c.action().wire(), "skipped").inc(c.skipped());
            boolean ran = results.stream().anyMatch(r -> r.work().operationIds().contains(c.operationId()));
            metrics.task(c.action().wire(), outcomes.getOrDefault(c.operationId(), ran ? "success" : "skipped"))
                    .update(took);
        }
        boolean everySucceeded = outcomes.isEmpty()
                && recorded.finished().stream().allMatch(f -> f.state() == OperationState.SUCCEEDED);
        LOG.log(RoundLogLevel.of(!traceIds.isEmpty(), everySucceeded, took), () -> String.format("Toggle round: %d"
                        + " operation(s), %d index call(s), %d segment(s) in %.3f s"
                        + " (claim and plan %.0f ms, index %.0f ms, record %.0f ms, release %.0f ms) %s",
                round.operations().size(), results.size(),
                results.stream().mapToInt(r -> r.work().targets().size()).sum(), took.toNanos() / 1e9,
                phases[0] / 1e6, phases[1] / 1e6, phases[2] / 1e6, phases[3] / 1e6, summary(recorded.finished()))
                + traces(traceIds));
    }

    /**
     * The trace of each operation of the round, for the round's log line: at most {@value #TRACES_LOGGED} of them
     * (a busy round holds hundreds; Jaeger finds any by its operation id). Empty while nothing is traced.
     */
    private static String traces(Map<String, String> traceIds) {
        List<String> traced = traceIds.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        if (traced.isEmpty()) {
            return "";
        }
        String more = traced.size() > TRACES_LOGGED ? ", +" + (traced.size() - TRACES_LOGGED) + " more" : "";
        return " trace_ids={" + String.join(", ", traced.subList(0, Math.min(TRACES_LOGGED, traced.size()))) + more
                + "}";
    }

    private static String summary(List<WorkerSteps.Finished> finished) {
        Map<String, Integer> states = new LinkedHashMap<>();
        finished.forEach(f -> states.merge(f.state().wire(), 1, Integer::sum));
        return states.toString();
    }
}
