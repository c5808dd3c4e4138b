package io.segmentindex.operations.reconcile;

import io.segmentindex.indexing.IndexProcessorFactory;
import io.segmentindex.indexing.IndexedNode;
import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DatasetRepository;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.operations.DatasetAction;
import io.segmentindex.operations.InFlightLocks;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationRepository;
import io.segmentindex.platform.CachedCount;
import io.segmentindex.platform.ErrorText;
import io.segmentindex.platform.InTransaction;
import io.segmentindex.platform.Leases;
import io.segmentindex.platform.ServiceMetrics;
import io.segmentindex.platform.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Proves that the database and the index agree, and makes them agree: every node that should be in a
 * dataset's index (enabled, completed segments of enabled, unarchived, completed documents) and is not is
 * loaded from stored vectors; every node that is there and should not be is removed. Segments with a toggle in
 * flight are left to it: the reconciler takes the same per-segment markers and re-reads the database under
 * them before it repairs anything. A reindex is the same run that reloads every expected node in place,
 * so search stays online throughout.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());
    private static final int LOAD_CHUNK = 500;

    @Inject
    ReconcileSteps steps;

    @Inject
    DatasetRepository datasets;

    @Inject
    SegmentIndex index;

    @Inject
    IndexProcessorFactory processors;

    @Inject
    InFlightLocks locks;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Clock clock;

    @Inject
    Leases leases;

    @Inject
    @ConfigProperty(name = "operations.max-attempts")
    int maxAttempts;

    /** Node ids read from each side at a time: what bounds a run's memory, whatever the dataset's size. */
    @Inject
    @ConfigProperty(name = "reconcile.page-size")
    int pageSize;

    /** What a run found. */
    public record Result(int missing, int extra, int repaired) {
        public int drift() {
            return missing + extra;
        }
    }

    void registerGauge(@Observes io.segmentindex.platform.DatabaseMigrations.SchemaReady r) {
        metrics.drift(new CachedCount("drift", steps::totalDrift));
    }

    /** Runs a recorded reconcile or reindex operation to its end. */
    public void run(String operationId) {
        Operation op = steps.operation(operationId);
        try {
            Result r = reconcile(op.getTenantId(), op.getDatasetId(), DatasetAction.REINDEX.wire().equals(op.getActionName()),
                    operationId);
            steps.finish(operationId, r.missing(), r.extra(), r.repaired(), null);
            String traced = Tracing.logIds();
            LOG.info(() -> String.format("%s of dataset %s: %d missing, %d extra, %d repaired", op.getActionName(),
                    op.getDatasetId(), r.missing(), r.extra(), r.repaired()) + traced);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, op.getActionName() + " of dataset " + op.getDatasetId() + " failed"
                    + Tracing.logIds(), e);
            steps.finish(operationId, 0, 0, 0, ErrorText.of(e));
            steps.scheduleFollowUp(op.getTenantId(), op.getDatasetId());
        }
    }

    /**
     * The scheduled check: keeps its operation only when it found something to repair. It leaves alone a dataset
     * that a reconcile or reindex is running on, which repairs the same drift; a second pass would only repeat it.
     */
    public Result check(String tenantId, String datasetId) {
        if (steps.runUnderWay(datasetId)) {
            return new Result(0, 0, 0);
        }
        String op = beginSystemRun(tenantId, datasetId);
        if (op == null) {
            return new Result(0, 0, 0);
        }
        try {
            Result r = reconcile(tenantId, datasetId, false, op);
            if (r.drift() > 0) {
                steps.finish(op, r.missing(), r.extra(), r.repaired(), null);
                LOG.warning(() -> String.format("Drift in dataset %s: %d missing, %d extra, %d repaired", datasetId,
                        r.missing(), r.extra(), r.repaired()));
            } else {
                steps.discard(op);
            }
            return r;
        } finally {
            leases.release(OperationRepository.LEASE, op);
        }
    }

    /**
     * A counted attempt of a reconcile the service starts by itself, under this server's lease; null when the
     * dataset's last one was given up (and then not started again today).
     */
    private String beginSystemRun(String tenantId, String datasetId) {
        var run = steps.beginSystemRun(tenantId, datasetId, Leases.OWNER, leases.until(), maxAttempts);
        switch (run.getKey()) {
            case GIVEN_UP_NOW -> {
                metrics.operationsGivenUp().inc();
                LOG.warning(() -> "Reconcile of dataset " + datasetId + " given up: " + maxAttempts
                        + " runs died (operation " + run.getValue() + "); it is not started again today");
                return null;
            }
            case GIVEN_UP_BEFORE -> {
                return null;
            }
            default -> {
                leases.hold(OperationRepository.LEASE, run.getValue());
                return run.getValue();
            }
        }
    }

    /**
     * The start-up repair after an unclean stop, before any worker or request runs: nothing else writes to the
     * index yet, and markers left by the dead process would only hide the segments it lost, so none are taken.
     */
    public Result repairAtStart(String tenantId, String datasetId) {
        String op = beginSystemRun(tenantId, datasetId);
        if (op == null) {
            return new Result(0, 0, 0);
        }
        try {
            Result r = reconcile(tenantId, datasetId, false, null);
            steps.finish(op, r.missing(), r.extra(), r.repaired(), null);
            if (r.drift() > 0) {
                LOG.warning(() -> String.format("Index behind the database after an unclean stop, dataset %s:"
                        + " %d missing, %d extra, %d repaired", datasetId, r.missing(), r.extra(), r.repaired()));
            }
            return r;
        } finally {
            leases.release(OperationRepository.LEASE, op);
        }
    }

    private void recordDrift(String datasetId, int drift) {
        try {
            steps.recordDrift(datasetId, drift);
        } catch (RuntimeException e) {
            // Deleted meanwhile, or the database is away: the gauge shows the last value until the next run.
            LOG.log(Level.FINE, "Drift of dataset " + datasetId + " not recorded", e);
        }
    }

    /** {@code holder} null: the caller has the index to itself and no markers are taken. */
    Result reconcile(String tenantId, String datasetId, boolean reloadAll, String holder) {
        Dataset dataset = dataset(tenantId, datasetId);
        if (dataset == null) {
            return new Result(0, 0, 0); // its drift row went with it
        }
        int[] found = new int[3]; // missing, extra, repaired
        NodeWindows.compare((after, n) -> steps.expectedNodesAfter(datasetId, after, n),
                (after, n) -> index.nodeIdsAfter(datasetId, after, n), pageSize, window -> {
                    Result r = repair(dataset, window, reloadAll, holder);
                    found[0] += r.missing();
                    found[1] += r.extra();
                    found[2] += r.repaired();
                });
        recordDrift(datasetId, found[0] + found[1]);
        return new Result(found[0], found[1], found[2]);
    }

    /** Repairs one window of node ids; see {@link NodeWindows}. */
    private Result repair(Dataset dataset, NodeWindows.Window window, boolean reloadAll, String holder) {
        String datasetId = dataset.getId();
        List<IndexedNode> missing = window.missing();
        List<String> extra = window.extra();
        // Listings carry node ids only; the segments of the few extra nodes are looked up when there are any.
        Map<String, String> extraSegments = extra.isEmpty() ? Map.of() : index.segmentsOf(datasetId, extra);
        Set<String> absentSegments = segments(missing);
        Set<String> toReload = reloadAll ? segments(window.expected()) : absentSegments;
        Set<String> touched = new HashSet<>(toReload);
        touched.addAll(extraSegments.values());
        if (touched.isEmpty()) {
            return new Result(missing.size(), extra.size(), 0);
        }
        Set<String> taken = holder == null ? touched : locks.acquireSegments(touched, holder);
        try {
            // A marker Redis lost (a restart) no longer keeps the reconciler off a segment whose operation has yet
            // to write it, and whose fallback may still flip it back: the database says which those are.
            Set<String> mine = new HashSet<>(taken);
            if (holder != null) {
                mine.removeAll(steps.inFlight(datasetId, taken));
            }
            // Re-read under the markers: a toggle may have landed since the page was read.
            Map<String, String> fresh = steps.expectedNodes(datasetId, mine);
            Set<String> stillExpected = new HashSet<>(fresh.values());
            List<String> toLoad = toReload.stream().filter(mine::contains).filter(stillExpected::contains).toList();
            List<String> toDelete = extraSegments.entrySet().stream()
                    .filter(e -> mine.contains(e.getValue()) && !fresh.containsKey(e.getKey()))
                    .map(Map.Entry::getKey).toList();
            for (Map.Entry<DocForm, List<SegmentSource>> group : steps.sources(dataset.getTenantId(), toLoad).entrySet()) {
                List<SegmentSource> sources = group.getValue();
                for (int i = 0; i < sources.size(); i += LOAD_CHUNK) {
                    processors.processorFor(group.getKey()).load(dataset.ref(),
                            sources.subList(i, Math.min(sources.size(), i + LOAD_CHUNK)));
                }
            }
            index.delete(datasetId, toDelete);
            // A reindex reloads everything; only what was absent or extra counts as a repair.
            int repaired = (int) toLoad.stream().filter(absentSegments::contains).count() + toDelete.size();
            metrics.repairs().inc(repaired);
            return new Result(missing.size(), extra.size(), repaired);
        } finally {
            if (holder != null) {
                locks.releaseSegments(taken, holder);
            }
        }
    }

    private static Set<String> segments(List<IndexedNode> nodes) {
        Set<String> out = new HashSet<>();
        nodes.forEach(n -> out.add(n.segmentId()));
        return out;
    }

    @InTransaction
    Dataset dataset(String tenantId, String datasetId) {
        return datasets.find(tenantId, datasetId).orElse(null);
    }
}
