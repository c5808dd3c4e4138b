package it.io.segmentindex.incontainer;

import io.segmentindex.indexing.IndexProcessor;
import io.segmentindex.indexing.IndexProcessorFactory;
import io.segmentindex.indexing.IndexWriteProbe;
import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.ingestion.IngestionSteps;
import io.segmentindex.ingestion.NewDocument;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DatasetRepository;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentSegment;
import io.segmentindex.knowledge.IndexingTechnique;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.knowledge.SegmentStatus;
import io.segmentindex.operations.InFlightLocks;
import io.segmentindex.operations.IndexOutcome;
import io.segmentindex.operations.ItemState;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationItem;
import io.segmentindex.operations.OperationRepository;
import io.segmentindex.operations.OperationState;
import io.segmentindex.operations.ToggleAction;
import io.segmentindex.operations.ToggleResult;
import io.segmentindex.operations.reconcile.Reconciler;
import io.segmentindex.operations.toggle.IndexCommands;
import io.segmentindex.operations.toggle.IndexWork;
import io.segmentindex.operations.toggle.RoundSteps;
import io.segmentindex.operations.toggle.ToggleRounds;
import io.segmentindex.operations.toggle.ToggleSteps;
import io.segmentindex.operations.toggle.SingleToggle;
import io.segmentindex.operations.toggle.ToggleIntake;
import io.segmentindex.operations.toggle.ToggleRequests;
import io.segmentindex.platform.Leases;
import io.segmentindex.platform.Problem;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertThrows;
import io.segmentindex.platform.ScheduledRuns;
import io.segmentindex.platform.Timestamps;
import io.segmentindex.testsupport.SessionSettings;
import io.segmentindex.testsupport.faults.IndexFaults;
import io.segmentindex.testsupport.faults.IndexFaultsProbe;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The toggle task and its fallbacks, called directly on the real beans; faults are set on the deployment's own
 * IndexFaults, which the index consults through its probe. A fallback test fails one call (three attempts), far
 * below the breakers' volume of 20.
 */
@ExtendWith(ArquillianExtension.class)
class ToggleInContainerIT {

    private static final String USER = "in-container-it";
    private static final String OWNER = "in-container-it";
    private static final String MITOCHONDRIA = "Mitochondria generate most of the chemical energy in cells.";
    private static final String PARIS = "The capital of France is Paris, a city on the Seine.";

    @Inject
    ToggleSteps toggles;

    @Inject
    ToggleRounds rounds;

    @Inject
    ToggleRequests requests;

    @Resource(lookup = "jdbc/segments")
    DataSource dataSource;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService threads;

    @Inject
    RoundSteps roundSteps;

    @Inject
    IndexCommands commands;

    private final IndexFaults faults = IndexFaults.shared();

    @Inject
    InFlightLocks locks;

    @Inject
    ScheduledRuns runs;

    @Inject
    SegmentIndex index;

    @Inject
    IndexProcessorFactory processors;

    @Inject
    IngestionSteps ingestion;

    @Inject
    DatasetRepository datasets;

    @Inject
    SegmentRepository segments;

    @Inject
    Reconciler reconciler;

    @Inject
    UserTransaction transaction;

    @Inject
    SessionSettings settings;

    @Inject
    Clock clock;

    @Deployment
    static WebArchive deployment() {
        return Deployments.application();
    }

    /** A dataset with one document of two indexed segments, in a tenant of its own. */
    record Fixture(String tenant, Dataset dataset, DocumentSegment target, DocumentSegment other) {

        String datasetId() {
            return dataset.getId();
        }
    }

    @Test
    void aScheduledRoundIsTakenByOneReplicaOnly() throws Exception {
        String name = "it-" + UUID.randomUUID();
        var executor = (jakarta.enterprise.concurrent.ManagedExecutorService) new javax.naming.InitialContext()
                .lookup("java:comp/DefaultManagedExecutorService");
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> racers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(executor.submit(() -> {
                start.await();
                return runs.claim(name, java.time.Duration.ofMinutes(10));
            }));
        }
        start.countDown();
        int taken = 0;
        for (var racer : racers) {
            taken += racer.get() ? 1 : 0;
        }
        assertEquals(1, taken, "one of eight racing replicas takes the round");
        assertFalse(runs.claim(name, java.time.Duration.ofMinutes(10)), "the next round is not due yet");
        String other = "it-" + UUID.randomUUID();
        assertTrue(runs.claim(other, java.time.Duration.ZERO));
        assertTrue(runs.claim(other, java.time.Duration.ZERO), "due again at once with a zero interval");
    }

    @Test
    void theWorkerRemovesADisabledSegmentFromTheIndex() throws Exception {
        Fixture f = fixture();
        try {
            String op = record(f, f.target(), ToggleAction.DISABLE);
            rounds.runOnly(op);

            Operation done = toggles.operation(f.tenant(), op);
            assertEquals(OperationState.SUCCEEDED, done.getState());
            assertNull(done.getError());
            assertNotNull(done.getFinishedAt());
            OperationItem item = onlyItem(op);
            assertEquals(ItemState.SUCCEEDED, item.getState());
            assertEquals(1, item.getAttempts());
            assertEquals(Set.of(), presentNodes(f, f.target()), "gone from the index");
            assertEquals(Set.of(f.other().getIndexNodeId()), presentNodes(f, f.other()), "the other one stays");

            DocumentSegment row = reload(f, f.target());
            assertFalse(row.isEnabled());
            assertEquals(USER, row.getDisabledBy());
            assertNotNull(row.getDisabledAt());
        } finally {
            cleanUp(f);
        }
    }

    @Test
    void removeCalledDirectlySucceedsOnTheFirstAttempt() throws Exception {
        Fixture f = fixture();
        try {
            IndexWork work = claimAndPlan(record(f, f.target(), ToggleAction.DISABLE));
            assertEquals(IndexOutcome.done(1), commands.remove(work));
            assertEquals(Set.of(), presentNodes(f, f.target()));
            assertEquals(OperationState.SUCCEEDED, finishLikeTheWorker(work, IndexOutcome.done(1)).getState());
        } finally {
            cleanUp(f);
        }
    }

    @Test
    void aRemoveTheIndexRefusesIsRetriedThenUndoneByDisableRecovery() throws Exception {
        Fixture f = fixture();
        try {
            faults.set(f.datasetId(), Set.of(IndexFaults.Kind.DELETE));
            IndexWork work = claimAndPlan(record(f, f.target(), ToggleAction.DISABLE));
            DocumentSegment flipped = reload(f, f.target());
            assertFalse(flipped.isEnabled(), "the request side flipped it");
            assertNotNull(flipped.getDisabledAt());
            assertEquals(USER, flipped.getDisabledBy());

            IndexOutcome outcome = commands.remove(work);

            assertEquals(IndexOutcome.recovered(3, "injected index fault: delete failed"), outcome,
                    "first try plus two retries, then the fallback");
            assertEquals(3, work.attempts().get());
            DocumentSegment row = reload(f, f.target());
            assertTrue(row.isEnabled(), "re-enabled by the fallback");
            assertNull(row.getDisabledAt(), "disabled_at cleared");
            assertNull(row.getDisabledBy(), "disabled_by cleared");
            assertEquals(SegmentStatus.COMPLETED, row.getStatus());
            assertEquals(flipped.getVersion() + 1, row.getVersion());
            assertEquals(Set.of(f.target().getIndexNodeId()), presentNodes(f, f.target()), "still searchable");

            Operation failed = finishLikeTheWorker(work, outcome);
            assertEquals(OperationState.FAILED, failed.getState());
            assertEquals("injected index fault: delete failed", failed.getError());
            OperationItem item = onlyItem(work.operationId());
            assertEquals(ItemState.FAILED, item.getState());
            assertEquals(3, item.getAttempts());

            // Without the fault the same segment disables normally: the breaker is still closed.
            faults.set(f.datasetId(), Set.of());
            String again = record(f, row, ToggleAction.DISABLE);
            rounds.runOnly(again);
            assertEquals(OperationState.SUCCEEDED, toggles.operation(f.tenant(), again).getState());
            assertEquals(Set.of(), presentNodes(f, f.target()));
        } finally {
            cleanUp(f);
        }
    }

    @Test
    void aRestoreTheIndexRefusesIsRetriedThenMarkedErrorByEnableRecovery() throws Exception {
        Fixture f = fixture();
        try {
            String off = record(f, f.target(), ToggleAction.DISABLE);
            rounds.runOnly(off);
            assertEquals(OperationState.SUCCEEDED, toggles.operation(f.tenant(), off).getState());
            assertEquals(Set.of(), presentNodes(f, f.target()));

            faults.set(f.datasetId(), Set.of(IndexFaults.Kind.UPSERT));
            IndexWork work = claimAndPlan(record(f, reload(f, f.target()), ToggleAction.ENABLE));
            assertTrue(reload(f, f.target()).isEnabled(), "the request side flipped it");

            IndexOutcome outcome = commands.restore(work);

            assertEquals(IndexOutcome.recovered(3, "injected index fault: upsert failed"), outcome,
                    "first try plus two retries, then the fallback");
            assertEquals(3, work.attempts().get());
            DocumentSegment row = reload(f, f.target());
            assertFalse(row.isEnabled(), "disabled again by the fallback");
            assertEquals(SegmentStatus.ERROR, row.getStatus());
            assertEquals("injected index fault: upsert failed", row.getError());
            assertNotNull(row.getDisabledAt());
            assertEquals(Set.of(), presentNodes(f, f.target()), "never reached the index");

            Operation failed = finishLikeTheWorker(work, outcome);
            assertEquals(OperationState.FAILED, failed.getState());
            assertEquals(ItemState.FAILED, onlyItem(work.operationId()).getState());

            // Without the fault a later enable puts it back and clears the error: the breaker is still closed.
            faults.set(f.datasetId(), Set.of());
            String on = record(f, row, ToggleAction.ENABLE);
            rounds.runOnly(on);
            assertEquals(OperationState.SUCCEEDED, toggles.operation(f.tenant(), on).getState());
            DocumentSegment back = reload(f, f.target());
            assertTrue(back.isEnabled());
            assertEquals(SegmentStatus.COMPLETED, back.getStatus());
            assertNull(back.getError());
            assertEquals(Set.of(f.target().getIndexNodeId()), presentNodes(f, f.target()));
        } finally {
            cleanUp(f);
        }
    }

    /**
     * Redis lost the marker of a disable that has yet to reach the index (a restart that keeps nothing). The
     * reconciler must still leave the segment to its operation: had it taken the segment out, the disable's
     * fallback, re-enabling it, would leave an enabled segment missing from the index.
     */
    @Test
    void aReconcileLeavesASegmentToItsUnfinishedOperationWhenItsMarkerWasLost() throws Exception {
        Fixture f = fixture();
        try {
            IndexWork work = claimAndPlan(record(f, f.target(), ToggleAction.DISABLE));
            locks.releaseSegments(List.of(f.target().getId()), work.operationId());
            assertEquals(List.of(), locks.markers(InFlightLocks.Scope.SEGMENT, List.of(f.target().getId())));

            Reconciler.Result early = reconciler.check(f.tenant(), f.datasetId());

            assertEquals(1, early.extra(), "disabled in the database, still in the index");
            assertEquals(0, early.repaired(), "left to the operation that is still running");
            assertEquals(Set.of(f.target().getIndexNodeId()), presentNodes(f, f.target()));

            faults.set(f.datasetId(), Set.of(IndexFaults.Kind.DELETE));
            IndexOutcome outcome = commands.remove(work);
            faults.set(f.datasetId(), Set.of());
            assertFalse(outcome.done());
            assertEquals(OperationState.FAILED, finishLikeTheWorker(work, outcome).getState());
            assertTrue(reload(f, f.target()).isEnabled(), "re-enabled by DisableRecovery");

            assertEquals(0, reconciler.check(f.tenant(), f.datasetId()).drift(), "the index still holds it");
            assertEquals(Set.of(f.target().getIndexNodeId()), presentNodes(f, f.target()));
        } finally {
            faults.set(f.datasetId(), Set.of());
            cleanUp(f);
        }
    }

    /** The scheduled check leaves a dataset to the reconcile or reindex running on it, and checks it once it ended. */
    @Test
    void aScheduledCheckLeavesADatasetToTheRunUnderWay() throws Exception {
        Fixture f = fixture();
        String running = UUID.randomUUID().toString();
        try {
            onOwnConnection("INSERT INTO operations (id, tenant_id, dataset_id, action, scope, state, requested_by,"
                            + " total, attempts, lease_owner, lease_until, created_at, started_at) VALUES"
                            + " (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), 'reindex', 'dataset', 'running', ?,"
                            + " 0, 1, ?, now() + interval '2 minutes', now(), now())",
                    running, f.tenant(), f.datasetId(), USER, OWNER).get();
            onOwnConnection("UPDATE document_segments SET enabled = false WHERE id = CAST(? AS uuid)",
                    f.target().getId()).get();

            assertEquals(0, reconciler.check(f.tenant(), f.datasetId()).drift(), "left to the reindex under way");
            assertEquals(Set.of(f.target().getIndexNodeId()), presentNodes(f, f.target()));

            onOwnConnection("UPDATE operations SET state = 'succeeded', finished_at = now() WHERE id = CAST(? AS uuid)",
                    running).get();
            Reconciler.Result checked = reconciler.check(f.tenant(), f.datasetId());
            assertEquals(1, checked.extra(), "disabled in the database, still in the index");
            assertEquals(1, checked.repaired());
            assertEquals(Set.of(), presentNodes(f, f.target()));
        } finally {
            onOwnConnection("UPDATE operations SET state = 'succeeded', finished_at = now() WHERE id = CAST(? AS uuid)"
                    + " AND state = 'running'", running).get();
            cleanUp(f);
        }
    }

    @Test
    void oneBadSegmentFailsOnlyItsOwnOperationInAGroupedRound() throws Exception {
        Fixture f = fixture();
        try {
            faults.poison(Set.of(f.target().getIndexNodeId()));
            String bad = record(f, f.target(), ToggleAction.DISABLE);
            String good = record(f, f.other(), ToggleAction.DISABLE);

            RoundSteps.Round round = rounds.runOnly(bad, good);

            assertEquals(1, round.calls().size(), "both operations went into one index call");
            assertEquals(List.of(bad, good), round.calls().get(0).operationIds());
            Operation failed = toggles.operation(f.tenant(), bad);
            assertEquals(OperationState.FAILED, failed.getState());
            assertTrue(failed.getError().contains("poisoned node"), failed.getError());
            assertEquals(4, onlyItem(bad).getAttempts(), "three tries of the grouped call, then one of its own");
            assertTrue(reload(f, f.target()).isEnabled(), "re-enabled by DisableRecovery");
            assertEquals(Set.of(f.target().getIndexNodeId()), presentNodes(f, f.target()), "still searchable");
            assertEquals(OperationState.SUCCEEDED, toggles.operation(f.tenant(), good).getState());
            assertEquals(1, onlyItem(good).getAttempts());
            assertFalse(reload(f, f.other()).isEnabled());
            assertEquals(Set.of(), presentNodes(f, f.other()), "its neighbour left the index");

            // The other way round: two enables grouped, one of them poisoned, is marked error alone.
            faults.poison(Set.of());
            assertEquals(OperationState.SUCCEEDED, toggles.operation(f.tenant(),
                    runAlone(record(f, reload(f, f.target()), ToggleAction.DISABLE))).getState());
            faults.poison(Set.of(f.other().getIndexNodeId()));
            String fine = record(f, reload(f, f.target()), ToggleAction.ENABLE);
            String broken = record(f, reload(f, f.other()), ToggleAction.ENABLE);

            round = rounds.runOnly(fine, broken);

            assertEquals(1, round.calls().size());
            assertEquals(OperationState.SUCCEEDED, toggles.operation(f.tenant(), fine).getState());
            assertEquals(Set.of(f.target().getIndexNodeId()), presentNodes(f, f.target()));
            assertEquals(OperationState.FAILED, toggles.operation(f.tenant(), broken).getState());
            DocumentSegment row = reload(f, f.other());
            assertFalse(row.isEnabled(), "disabled again by EnableRecovery");
            assertEquals(SegmentStatus.ERROR, row.getStatus());
            assertEquals(Set.of(), presentNodes(f, f.other()));
        } finally {
            faults.poison(Set.of());
            cleanUp(f);
        }
    }

    @Test
    void oneBadSegmentOfABatchFailsAloneAndItsNeighboursGoThrough() throws Exception {
        Fixture f = fixture();
        try {
            faults.poison(Set.of(f.target().getIndexNodeId()));
            String batch = UUID.randomUUID().toString();
            List<String> ids = List.of(f.target().getId(), f.other().getId());
            Set<String> taken = new HashSet<>();
            ToggleResult recorded = toggles.recordBatch(batch, f.tenant(), USER, f.datasetId(),
                    f.target().getDocumentId(), ids, ToggleAction.DISABLE, Map.of(), ids, taken, null);
            assertEquals(List.of("queued", "queued"), recorded.items().stream().map(ToggleResult.ItemResult::result)
                    .toList());

            RoundSteps.Round round = rounds.runOnly(batch);

            assertEquals(1, round.calls().size(), "one call for the batch, split only when it failed");
            assertEquals(OperationState.PARTIALLY_FAILED, toggles.operation(f.tenant(), batch).getState());
            Map<String, OperationItem> items = new HashMap<>();
            toggles.items(batch).forEach(i -> items.put(i.getTargetId(), i));
            assertEquals(ItemState.FAILED, items.get(f.target().getId()).getState());
            assertTrue(items.get(f.target().getId()).getError().contains("poisoned node"));
            assertEquals(ItemState.SUCCEEDED, items.get(f.other().getId()).getState());
            assertTrue(reload(f, f.target()).isEnabled(), "the bad one re-enabled by DisableRecovery");
            assertEquals(Set.of(f.target().getIndexNodeId()), presentNodes(f, f.target()));
            assertFalse(reload(f, f.other()).isEnabled(), "its neighbour stays disabled");
            assertEquals(Set.of(), presentNodes(f, f.other()), "and left the index");
            assertEquals(List.of(), locks.markers(InFlightLocks.Scope.SEGMENT, ids), "both markers released");
        } finally {
            faults.poison(Set.of());
            cleanUp(f);
        }
    }

    @Test
    void singleTogglesRecordedTogetherGetEachTheirOwnAnswer() throws Exception {
        Fixture f = fixture();
        String traceparent = "00-" + "ab".repeat(16) + "-" + "cd".repeat(8) + "-01";
        try {
            SingleToggle disableTarget = single(f, f.target(), ToggleAction.DISABLE, USER, traceparent);
            SingleToggle disableOther = single(f, f.other(), ToggleAction.DISABLE, USER, null);
            SingleToggle missing = new SingleToggle(UUID.randomUUID().toString(), f.tenant(), USER, f.datasetId(),
                    UUID.randomUUID().toString(), ToggleAction.DISABLE, null);
            SingleToggle alreadyOn = single(f, f.target(), ToggleAction.ENABLE, USER, null);
            Map<String, String> took = new HashMap<>();

            Map<String, ToggleResult> recorded = toggles.recordGroup(
                    List.of(disableTarget, disableOther, missing, alreadyOn), took::put);

            assertEquals(Set.of(disableTarget.operationId(), disableOther.operationId()), recorded.keySet(),
                    "the missing segment and the one already on are left to the single-request path");
            assertEquals(Map.of(disableTarget.operationId(), f.target().getId(), disableOther.operationId(),
                    f.other().getId()), took);
            assertEquals(List.of(new ToggleResult.ItemResult(f.target().getId(), "queued")),
                    recorded.get(disableTarget.operationId()).items());
            Operation first = toggles.operation(f.tenant(), disableTarget.operationId());
            assertEquals(f.target().getDocumentId(), first.getDocumentId());
            assertEquals(traceparent, first.getTraceparent(), "the trace of the request, not of the thread");
            assertEquals(reload(f, f.other()).getVersion(), onlyItem(disableOther.operationId()).getSegmentVersion(),
                    "the item at the version the flip gave");
            assertFalse(reload(f, f.target()).isEnabled());
            assertThrows(Problem.class, () -> toggles.operation(f.tenant(), missing.operationId()));
            assertThrows(Problem.class, () -> toggles.operation(f.tenant(), alreadyOn.operationId()));
            assertEquals(Set.of(disableTarget.operationId(), disableOther.operationId()),
                    holders(List.of(f.target().getId(), f.other().getId())));
            rounds.runOnly(disableTarget.operationId(), disableOther.operationId());

            // A segment whose marker someone else holds is left out, and nothing of it is taken or written.
            assertEquals(Set.of(f.other().getId()), locks.acquireSegments(Set.of(f.other().getId()), "someone"));
            SingleToggle enableTarget = single(f, f.target(), ToggleAction.ENABLE, USER, null);
            SingleToggle enableBusy = single(f, f.other(), ToggleAction.ENABLE, USER, null);
            took.clear();
            recorded = toggles.recordGroup(List.of(enableTarget, enableBusy), took::put);
            assertEquals(Set.of(enableTarget.operationId()), recorded.keySet());
            assertEquals(Map.of(enableTarget.operationId(), f.target().getId()), took);
            assertEquals(Set.of("someone"), holders(List.of(f.other().getId())));
            assertFalse(reload(f, f.other()).isEnabled(), "still off");
            locks.releaseSegments(Set.of(f.other().getId()), "someone");
            rounds.runOnly(enableTarget.operationId());
        } finally {
            cleanUp(f);
        }
    }

    /**
     * Three requests at once: the first is held in its flip by a row lock while the other two queue behind it, so
     * they are recorded as one group, and the database refuses one of them (a NUL in its user). The group is
     * rolled back; its good request is recorded alone and only the bad one fails, with nothing of it left behind.
     */
    @Test
    void aRequestTheDatabaseRefusesFailsOnlyItselfInItsGroup() throws Exception {
        Fixture f = fixture();
        Fixture g = fixture();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Void> holder = holdRowLock("document_segments", f.target().getId(), locked, release);
        try {
            assertTrue(locked.await(30, TimeUnit.SECONDS));
            Future<ToggleResult> first = threads.submit(() -> requests.toggleSegment(f.tenant(), USER,
                    f.datasetId(), f.target().getId(), ToggleAction.DISABLE, null));
            awaitUntil(() -> {
                assertFalse(first.isDone(), "the first request waits for the row lock");
                return waitingForRowLocks() == 1;
            }, "the first request waits for the row lock in its flip");
            List<Thread> queued = new CopyOnWriteArrayList<>();
            Future<ToggleResult> good = threads.submit(() -> {
                queued.add(Thread.currentThread());
                return requests.toggleSegment(f.tenant(), USER, f.datasetId(), f.other().getId(),
                        ToggleAction.DISABLE, null);
            });
            Future<ToggleResult> bad = threads.submit(() -> {
                queued.add(Thread.currentThread());
                return requests.toggleSegment(g.tenant(), "bad\u0000user", g.datasetId(), g.target().getId(),
                        ToggleAction.DISABLE, null);
            });
            awaitUntil(() -> {
                assertFalse(first.isDone() || good.isDone() || bad.isDone(), "all three wait");
                return queued.size() == 2 && queued.stream().allMatch(ToggleInContainerIT::waitingToBeRecorded);
            }, "both wait behind the first group");
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);

            assertEquals("queued", first.get(30, TimeUnit.SECONDS).items().get(0).result());
            ToggleResult recorded = good.get(30, TimeUnit.SECONDS);
            assertEquals("queued", recorded.items().get(0).result(), "recorded alone after its group failed");
            assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
            assertTrue(reload(g, g.target()).isEnabled(), "nothing of the refused request was written");
            assertEquals(Set.of(), holders(List.of(g.target().getId())), "and its marker was freed");
        } finally {
            release.countDown();
            cleanUp(f);
            cleanUp(g);
        }
    }

    /**
     * A round's claim and its record commit without waiting for PostgreSQL's flush (a lost one is redone by the
     * sweeper): each sets it for its own transaction, whatever the server's default.
     */
    @Test
    void aRoundsClaimAndRecordDoNotWaitForTheFlush() throws Exception {
        Fixture f = fixture();
        try {
            String op = record(f, f.target(), ToggleAction.DISABLE);
            transaction.begin();
            try {
                settings.setLocal("synchronous_commit", "on");
                IndexWork work = claimAndPlan(op);
                assertEquals("off", settings.show("synchronous_commit"), "the claim");
                settings.setLocal("synchronous_commit", "on");
                roundSteps.recordRound(List.of(new RoundSteps.Claimed(op, work.action(), 0, null)), List.of());
                assertEquals("off", settings.show("synchronous_commit"), "the record");
            } finally {
                transaction.rollback();
            }
        } finally {
            cleanUp(f);
        }
    }

    /**
     * The lease heartbeat never waits for an operation's row that another transaction holds (a round recording its
     * end): waiting made the two deadlock, each holding a row the other wanted, and cost a second each time.
     */
    @Test
    void theLeaseHeartbeatSkipsAnOperationBeingEnded() throws Exception {
        Fixture f = fixture();
        String id = UUID.randomUUID().toString();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        onOwnConnection("INSERT INTO operations (id, tenant_id, dataset_id, action, scope, state, total, attempts,"
                + " lease_owner, lease_until, created_at) VALUES (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid),"
                + " 'disable', 'segment', 'running', 0, 1, ?, now() + interval '1 minute', now())",
                id, f.tenant(), f.datasetId(), Leases.OWNER).get(30, TimeUnit.SECONDS);
        Future<Void> holder = holdRowLock("operations", id, locked, release);
        try {
            assertTrue(locked.await(30, TimeUnit.SECONDS));
            assertEquals(0, renewLease(id).get(5, TimeUnit.SECONDS), "skipped while held, not waited for");
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
            assertEquals(1, renewLease(id).get(30, TimeUnit.SECONDS), "renewed by the next beat");
        } finally {
            release.countDown();
            onOwnConnection("DELETE FROM operations WHERE id = CAST(? AS uuid)", id).get(30, TimeUnit.SECONDS);
            cleanUp(f);
        }
    }

    /**
     * Locks one row of {@code table} in a transaction on a thread of its own (a connection used on the test's
     * thread would stay enlisted in its local transaction), counts {@code locked} down, and rolls back on
     * {@code release}.
     */
    private Future<Void> holdRowLock(String table, String id, CountDownLatch locked, CountDownLatch release) {
        return threads.submit(() -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement lock = c.prepareStatement(
                        "SELECT 1 FROM " + table + " WHERE id = CAST(? AS uuid) FOR UPDATE")) {
                    lock.setString(1, id);
                    lock.executeQuery().close();
                }
                locked.countDown();
                release.await(30, TimeUnit.SECONDS);
                c.rollback();
            }
            return null;
        });
    }

    /** The heartbeat's statement for one operation, on a connection and thread of its own. */
    private Future<Integer> renewLease(String operationId) {
        return onOwnConnection(OperationRepository.LEASE.renewal(), OffsetDateTime.now().plusMinutes(2),
                "{" + operationId + "}", Leases.OWNER);
    }

    /**
     * One statement on a connection and thread of its own, committed at once (a connection used on the test's
     * thread would stay enlisted in its local transaction); the rows it changed.
     */
    private Future<Integer> onOwnConnection(String sql, Object... parameters) {
        return threads.submit(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    private static SingleToggle single(Fixture f, DocumentSegment segment, ToggleAction action, String user,
                                       String traceparent) {
        return new SingleToggle(UUID.randomUUID().toString(), f.tenant(), user, f.datasetId(), segment.getId(),
                action, traceparent);
    }

    private Set<String> holders(List<String> segmentIds) {
        Set<String> out = new HashSet<>();
        locks.markers(InFlightLocks.Scope.SEGMENT, segmentIds).forEach(m -> out.add(m.operationId()));
        return out;
    }

    /** Sessions other than this one waiting for a lock, counted on a thread of their own (see above). */
    private int waitingForRowLocks() throws Exception {
        return threads.submit(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement q = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                         + " WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    /** Parked in the intake's queue, behind a group being recorded. */
    private static boolean waitingToBeRecorded(Thread t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(frame -> frame.getClassName().startsWith(
                ToggleIntake.class.getName()) && frame.getMethodName().equals("park"));
    }

    private static void awaitUntil(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.call()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(10);
        }
    }

    private String runAlone(String operationId) {
        RoundSteps.Round round = rounds.runOnly(operationId);
        assertEquals(1, round.operations().size());
        return operationId;
    }

    /**
     * Rows through the ingestion steps with explicit tenant and user (no request context here), then the
     * indexing that DocumentIngestion runs in the background, on this thread.
     */
    private Fixture fixture() throws Exception {
        assertTrue(ServiceLoader.load(IndexWriteProbe.class, Thread.currentThread().getContextClassLoader()).stream()
                .anyMatch(p -> p.type() == IndexFaultsProbe.class), "the deployment must register the fault probe");
        String tenant = UUID.randomUUID().toString();
        Dataset dataset = new Dataset(tenant, "toggle-" + UUID.randomUUID(), null, IndexingTechnique.ECONOMY, null,
                10, USER, Timestamps.now(clock));
        inTransaction(() -> {
            datasets.add(dataset);
            return null;
        });
        Document document = ingestion.record(tenant, USER, dataset.getId(), new NewDocument("toggle",
                DocForm.TEXT_MODEL, List.of(new NewDocument.NewSegment(MITOCHONDRIA, null, null, null),
                new NewDocument.NewSegment(PARIS, null, null, null))));
        IngestionSteps.Batch batch = ingestion.begin(document.getId(), "in-container-test",
                Timestamps.now(clock).plusMinutes(1));
        IndexProcessor processor = processors.processorFor(batch.docForm());
        batch.chunks().forEach(chunk -> processor.load(batch.dataset().ref(), chunk));
        ingestion.complete(document.getId());

        List<DocumentSegment> rows = inTransaction(() -> segments.ofDocument(document.getId()));
        assertEquals(2, rows.size());
        Fixture f = new Fixture(tenant, dataset, rows.get(0), rows.get(1));
        assertEquals(SegmentStatus.COMPLETED, f.target().getStatus());
        assertTrue(f.target().isEnabled());
        assertEquals(2, index.count(f.datasetId()));
        return f;
    }

    /** What ToggleRequests records for a single segment once its checks have passed. */
    private String record(Fixture f, DocumentSegment segment, ToggleAction action) {
        String operationId = UUID.randomUUID().toString();
        ToggleResult result = toggles.recordSingle(operationId, f.tenant(), USER, f.datasetId(), segment.getDocumentId(),
                segment.getId(), action, null);
        assertEquals(List.of(new ToggleResult.ItemResult(segment.getId(), "queued")), result.items());
        return operationId;
    }

    /** Claimed as a round claims it, so no sweeper (here or in the other server) runs it meanwhile. */
    private IndexWork claimAndPlan(String operationId) {
        RoundSteps.Round round = roundSteps.claimRound(new RoundSteps.RoundScope(List.of(operationId), false,
                Timestamps.now(clock)), OWNER, Timestamps.now(clock).plusMinutes(1), 500, 500, 3);
        assertEquals(List.of(new RoundSteps.Claimed(operationId, round.operations().get(0).action(), 0, null)),
                round.operations());
        assertEquals(1, round.calls().size());
        IndexWork work = round.calls().get(0);
        assertEquals(0, work.attempts().get());
        return work;
    }

    private Operation finishLikeTheWorker(IndexWork work, IndexOutcome outcome) {
        roundSteps.recordRound(List.of(new RoundSteps.Claimed(work.operationId(), work.action(), 0, null)),
                List.of(new RoundSteps.CallResult(work, outcome, 0)));
        return toggles.operation(work.dataset().tenantId(), work.operationId());
    }

    private OperationItem onlyItem(String operationId) {
        List<OperationItem> items = toggles.items(operationId);
        assertEquals(1, items.size());
        return items.get(0);
    }

    private DocumentSegment reload(Fixture f, DocumentSegment segment) throws Exception {
        return inTransaction(() -> segments.find(f.tenant(), f.datasetId(), segment.getId()).orElseThrow());
    }

    /** Reads as the application does, in a transaction: outside one the entity manager may hand back stale rows. */
    private <T> T inTransaction(Callable<T> work) throws Exception {
        transaction.begin();
        try {
            T result = work.call();
            transaction.commit();
            return result;
        } catch (Exception | AssertionError e) {
            transaction.rollback();
            throw e;
        }
    }

    private Set<String> presentNodes(Fixture f, DocumentSegment segment) {
        return index.presentNodeIds(f.datasetId(), List.of(segment.getIndexNodeId()));
    }

    /** The fault first: the index refuses to drop a dataset it is told to fail deletes for. */
    private void cleanUp(Fixture f) {
        faults.set(f.datasetId(), Set.of());
        index.deleteDataset(f.datasetId());
    }
}
