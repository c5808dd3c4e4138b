package io.segmentindex.operations;

import io.segmentindex.operations.InFlightLocks.Marker;
import io.segmentindex.operations.InFlightLocks.Scope;
import io.segmentindex.platform.ServiceMetrics;
import io.segmentindex.platform.Transactions;
import io.segmentindex.platform.Uuids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * No marker outlives its operation. A marker is stale when its operation has ended (its release was lost, to a
 * Redis blip or a crash), or when no operation of its id was ever recorded and it has been held longer than any
 * request takes to commit. A request that meets a stale marker removes it and goes on; the sweep removes the rest.
 */
@ApplicationScoped
public class StaleMarkers {

    private static final Logger LOG = Logger.getLogger(StaleMarkers.class.getName());
    /** Far above the statement timeout: a request that took its marker has committed or failed by then. */
    static final long UNRECORDED_GRACE_SECONDS = 60;

    @Inject
    InFlightLocks locks;

    @Inject
    OperationRepository operations;

    @Inject
    Transactions transactions;

    @Inject
    ServiceMetrics metrics;

    /** Removes the stale markers among those set on these targets; the targets that are free again. */
    public Set<String> clear(Scope scope, Collection<String> targetIds) {
        if (targetIds.isEmpty()) {
            return Set.of();
        }
        return remove(locks.markers(scope, targetIds)).stream().map(Marker::targetId).collect(Collectors.toSet());
    }

    /** Takes the free markers of these targets, and those freed by removing stale ones; the targets taken. */
    public Set<String> take(Scope scope, Collection<String> targetIds, String operationId) {
        Set<String> taken = new HashSet<>(acquire(scope, targetIds, operationId));
        Set<String> freed = clear(scope, targetIds.stream().filter(id -> !taken.contains(id)).toList());
        taken.addAll(acquire(scope, freed, operationId));
        return taken;
    }

    private Set<String> acquire(Scope scope, Collection<String> ids, String operationId) {
        return scope == Scope.SEGMENT ? locks.acquireSegments(ids, operationId)
                : locks.acquireDocuments(ids, operationId);
    }

    /** A document whose marker is set and not stale. */
    public boolean documentBusy(String documentId) {
        return locks.documentBusy(documentId) && clear(Scope.DOCUMENT, List.of(documentId)).isEmpty();
    }

    /** A request whose commit has an unknown outcome: the markers it took, and since when (ms since the epoch). */
    private record Unresolved(Scope scope, List<String> targetIds, long sinceMillis) {
    }

    private final Map<String, Unresolved> unresolved = new ConcurrentHashMap<>();

    /** After this, a commit that was in flight when the connection died has landed or never will. */
    @Inject
    @ConfigProperty(name = "DB_STATEMENT_TIMEOUT_MS")
    long statementTimeoutMillis;

    /**
     * The request of this operation could not tell whether its commit landed. Once the database can, its markers
     * are freed if it did not (when it did, the operation runs and frees them), instead of after the grace period.
     */
    public void outcomeUnknown(Scope scope, String operationId, Collection<String> targetIds) {
        unresolved.put(operationId, new Unresolved(scope, List.copyOf(targetIds), System.currentTimeMillis()));
    }

    /** Frees the markers of requests whose commit turned out never to have happened; how many operations. */
    int resolveUnknownOutcomes() {
        long settled = System.currentTimeMillis() - 2 * statementTimeoutMillis;
        List<String> due = unresolved.entrySet().stream().filter(e -> e.getValue().sinceMillis() < settled)
                .map(Map.Entry::getKey).toList();
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, OperationState> states = transactions.call(() -> operations.states(due));
        int freed = 0;
        for (String operationId : due) {
            Unresolved u = unresolved.get(operationId);
            if (!states.containsKey(operationId)) {
                locks.release(u.scope(), u.targetIds(), operationId);
                metrics.staleMarkersCleaned().inc(u.targetIds().size());
                freed++;
            }
            unresolved.remove(operationId);
        }
        return freed;
    }

    /**
     * One round of the sweep: the markers of requests whose commit never happened, and every marker left behind
     * by an ended operation, are removed.
     */
    public int sweep(int max) {
        int resolved = resolveUnknownOutcomes();
        if (resolved > 0) {
            LOG.info(() -> "Freed the markers of " + resolved + " request(s) whose commit never happened");
        }
        int removed = remove(locks.scan(max)).size();
        if (removed > 0) {
            LOG.info(() -> "Removed " + removed + " in-flight marker(s) of ended operations");
        }
        return removed;
    }

    private List<Marker> remove(List<Marker> markers) {
        if (markers.isEmpty()) {
            return List.of();
        }
        Map<String, OperationState> states = transactions.call(() -> operations.states(
                markers.stream().map(Marker::operationId).toList()));
        List<Marker> stale = markers.stream().filter(m -> isStale(m, states.get(m.operationId()))).toList();
        locks.remove(stale);
        metrics.staleMarkersCleaned().inc(stale.size());
        return stale;
    }

    /** Only markers this service sets (an operation's UUID) can be judged; any other (Dify sets "1") is left alone. */
    static boolean isStale(Marker marker, OperationState state) {
        if (!Uuids.isValid(marker.operationId())) {
            return false;
        }
        return state == null ? marker.heldSeconds() > UNRECORDED_GRACE_SECONDS : state.isFinal();
    }
}
