package io.segmentindex.operations;

import io.segmentindex.knowledge.Page;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.knowledge.WireValue;
import io.segmentindex.platform.Leases;
import io.segmentindex.platform.SqlArrays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Operations and their items, scoped by tenant where a caller asks. */
@ApplicationScoped
public class OperationRepository {

    /** A running operation, leased to the server that claimed it. */
    public static final Leases.Kind LEASE = new Leases.Kind("operation", "operations", "lease_until",
            "lease_owner = ? AND state = 'running'");

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    /**
     * In a statement's select list: the transaction's commit returns without waiting for PostgreSQL to flush it,
     * at no extra round trip (it takes effect once the statement returns a row). Only in a worker's statements whose
     * transaction is redone when lost: a claim or an end lost in a database crash leaves its operations queued, or
     * running under a lease that runs out, and the sweeper runs them again. A later synchronous commit, such as the
     * next request's, flushes it with its own; a request's transaction still waits.
     */
    public static final String NO_FLUSH_WAIT = "set_config('synchronous_commit', 'off', true)";

    public void add(Operation operation, List<OperationItem> items) {
        em.persist(operation);
        addItems(items);
    }

    /**
     * New items (queued, or skipped with their reason) in one statement, not one INSERT each (a batch has up to
     * 10,000). The operation may be inserted after them in the same transaction: the items' foreign key is checked
     * at commit.
     */
    public void addItems(List<OperationItem> items) {
        if (items.isEmpty()) {
            return;
        }
        em.createNativeQuery("INSERT INTO operation_items (operation_id, position, target_id, state, reason,"
                        + " segment_version, attempts, finished_at) SELECT * FROM unnest(CAST(? AS uuid[]),"
                        + " CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),"
                        + " CAST(? AS bigint[]), CAST(? AS integer[]), CAST(? AS timestamptz[]))")
                .setParameter(1, SqlArrays.of(items.stream().map(OperationItem::getOperationId).toList()))
                .setParameter(2, SqlArrays.of(items.stream().map(OperationItem::getPosition).toList()))
                .setParameter(3, SqlArrays.ofText(items.stream().map(OperationItem::getTargetId).toList()))
                .setParameter(4, SqlArrays.of(items.stream().map(i -> i.getState().wire()).toList()))
                .setParameter(5, SqlArrays.ofText(items.stream().map(OperationItem::getReason).toList()))
                .setParameter(6, SqlArrays.of(items.stream().map(OperationItem::getSegmentVersion).toList()))
                .setParameter(7, SqlArrays.of(items.stream().map(OperationItem::getAttempts).toList()))
                .setParameter(8, SqlArrays.ofText(items.stream().map(i -> i.getFinishedAt() == null ? null
                        : i.getFinishedAt().toString()).toList()))
                .executeUpdate();
    }

    /**
     * Single toggles' whole writes in one statement: flips each operation's segment ({@code segmentIds}, in the
     * same order) and, for each that flipped, inserts the operation, on the segment's document, and its one item at
     * the version the flip gave. Returns that version by operation id; an operation whose switch had moved
     * meanwhile is left out, and nothing of it is written.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Long> flipAndRecord(List<Operation> ops, List<String> segmentIds, OffsetDateTime now) {
        if (ops.isEmpty()) {
            return Map.of();
        }
        Query q = em.createNativeQuery("WITH asked AS (SELECT * FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]),"
                + " CAST(? AS boolean[]), CAST(? AS text[]), CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS text[]),"
                + " CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))"
                + " AS a(segment_id, tenant_id, to_enabled, requested_by, operation_id, dataset_id, action, scope,"
                + " idempotency_key, traceparent)),"
                + " flipped AS (" + SegmentRepository.Flip.eachStatement("asked a",
                        "CAST(s.id AS varchar) AS id, s.version, s.document_id, a.operation_id") + "),"
                + " recorded AS (INSERT INTO operations (id, tenant_id, dataset_id, document_id, action, scope, state,"
                + " requested_by, idempotency_key, total, attempts, created_at, traceparent)"
                + " SELECT a.operation_id, a.tenant_id, a.dataset_id, f.document_id, a.action, a.scope, ?,"
                + " a.requested_by, a.idempotency_key, 1, 0, ?, a.traceparent"
                + " FROM flipped f JOIN asked a ON a.operation_id = f.operation_id RETURNING id)"
                + " INSERT INTO operation_items (operation_id, position, target_id, state, segment_version, attempts)"
                + " SELECT r.id, 0, f.id, 'queued', f.version, 0 FROM recorded r JOIN flipped f"
                + " ON f.operation_id = r.id RETURNING CAST(operation_id AS varchar), segment_version");
        q.setParameter(1, SqlArrays.of(segmentIds))
                .setParameter(2, SqlArrays.of(ops.stream().map(Operation::getTenantId).toList()))
                .setParameter(3, SqlArrays.of(ops.stream().map(o -> o.getAction().targetEnabled()).toList()))
                .setParameter(4, SqlArrays.ofText(ops.stream().map(Operation::getRequestedBy).toList()))
                .setParameter(5, SqlArrays.of(ops.stream().map(Operation::getId).toList()))
                .setParameter(6, SqlArrays.of(ops.stream().map(Operation::getDatasetId).toList()))
                .setParameter(7, SqlArrays.ofText(ops.stream().map(Operation::getActionName).toList()))
                .setParameter(8, SqlArrays.ofText(ops.stream().map(Operation::getScope).toList()))
                .setParameter(9, SqlArrays.ofText(ops.stream().map(Operation::getIdempotencyKey).toList()))
                .setParameter(10, SqlArrays.ofText(ops.stream().map(Operation::getTraceparent).toList()))
                .setParameter(11, now).setParameter(12, now)
                .setParameter(13, OperationState.QUEUED.wire()).setParameter(14, now);
        Map<String, Long> versions = new HashMap<>();
        ((List<Object[]>) q.getResultList()).forEach(r -> versions.put((String) r[0], ((Number) r[1]).longValue()));
        return versions;
    }

    public Optional<Operation> find(String tenantId, String id) {
        Operation op = em.find(Operation.class, id);
        return op != null && op.getTenantId().equals(tenantId) ? Optional.of(op) : Optional.empty();
    }

    public Optional<Operation> findById(String id) {
        return Optional.ofNullable(em.find(Operation.class, id));
    }

    public Optional<Operation> findByIdempotencyKey(String tenantId, String key) {
        return em.createQuery("SELECT o FROM Operation o WHERE o.tenantId = :tenant AND o.idempotencyKey = :key",
                        Operation.class)
                .setParameter("tenant", tenantId).setParameter("key", key)
                .getResultStream().findFirst();
    }

    /** The operations recorded under these idempotency keys, by key, in one statement. */
    public Map<String, Operation> byIdempotencyKeys(String tenantId, Collection<String> keys) {
        Map<String, Operation> out = new HashMap<>();
        if (!keys.isEmpty()) {
            em.createQuery("SELECT o FROM Operation o WHERE o.tenantId = :tenant AND o.idempotencyKey IN :keys",
                            Operation.class)
                    .setParameter("tenant", tenantId).setParameter("keys", keys).getResultStream()
                    .forEach(o -> out.put(o.getIdempotencyKey(), o));
        }
        return out;
    }

    /**
     * Holds, until the transaction ends, the lock of one tenant's idempotency key: a second request with the key
     * waits here for the first to commit, so it finds that operation instead of racing its insert.
     */
    public void lockIdempotencyKey(String tenantId, String key) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(? || ':' || ?, 0))) AS held")
                .setParameter(1, tenantId).setParameter(2, key).getSingleResult();
    }

    /** The state of each of these operations that exists. */
    @SuppressWarnings("unchecked")
    public Map<String, OperationState> states(Collection<String> ids) {
        List<String> valid = ids.stream().filter(io.segmentindex.platform.Uuids::isValid).distinct().toList();
        Map<String, OperationState> out = new HashMap<>();
        if (valid.isEmpty()) {
            return out;
        }
        List<Object[]> rows = em.createNativeQuery("SELECT CAST(id AS varchar), state FROM operations"
                        + " WHERE id = ANY (CAST(? AS uuid[]))")
                .setParameter(1, SqlArrays.of(valid)).getResultList();
        for (Object[] row : rows) {
            out.put((String) row[0], WireValue.parse(OperationState.class, (String) row[1]).orElseThrow());
        }
        return out;
    }

    /** A dataset's operations in these states and of these kinds, newest first. */
    public Page<Operation> ofDataset(String tenantId, String datasetId, Set<OperationState> states,
                                     Set<OperationKind> kinds, int page, int limit) {
        List<String> stateWires = states.stream().map(OperationState::wire).toList();
        List<String> kindWires = kinds.stream().map(OperationKind::wire).toList();
        String where = " FROM Operation o WHERE o.tenantId = :tenant AND o.datasetId = :dataset"
                + " AND o.state IN :states AND o.scope IN :kinds";
        long total = em.createQuery("SELECT COUNT(o)" + where, Long.class).setParameter("tenant", tenantId)
                .setParameter("dataset", datasetId).setParameter("states", stateWires)
                .setParameter("kinds", kindWires).getSingleResult();
        List<Operation> data = em.createQuery("SELECT o" + where + " ORDER BY o.createdAt DESC, o.id", Operation.class)
                .setParameter("tenant", tenantId).setParameter("dataset", datasetId)
                .setParameter("states", stateWires).setParameter("kinds", kindWires)
                .setFirstResult((page - 1) * limit).setMaxResults(limit).getResultList();
        return new Page<>(data, total, page, limit);
    }

    /**
     * The targets of the dataset's changes that the index may not have taken yet: the queued items of its unfinished
     * operations, columns {@code scope} (the kind of the operation) and {@code target_id}, repeats possible. For
     * statements that read it along with other things ({@link #targetsByKind}); one parameter, the dataset id.
     */
    public static final String PENDING_TARGETS_SQL = "SELECT o.scope, i.target_id FROM operations o"
            + " JOIN operation_items i ON i.operation_id = o.id AND i.state = 'queued'"
            + " WHERE o.dataset_id = CAST(? AS uuid) AND " + OperationState.unfinishedSql("o.state");

    /** Rows of {@link #PENDING_TARGETS_SQL}, {@code (scope, target_id)}, by kind. */
    public static Map<OperationKind, List<String>> targetsByKind(List<Object[]> rows) {
        Map<OperationKind, List<String>> out = new EnumMap<>(OperationKind.class);
        for (Object[] r : rows) {
            WireValue.parse(OperationKind.class, (String) r[0]).ifPresent(kind ->
                    out.computeIfAbsent(kind, k -> new ArrayList<>()).add((String) r[1]));
        }
        return out;
    }

    /** How many items of each of these operations are in each state, in one statement. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<ItemState, Long>> itemCounts(Collection<String> operationIds) {
        Map<String, Map<ItemState, Long>> out = new HashMap<>();
        if (operationIds.isEmpty()) {
            return out;
        }
        List<Object[]> rows = em.createNativeQuery("SELECT CAST(operation_id AS varchar), state, COUNT(*)"
                        + " FROM operation_items WHERE operation_id = ANY (CAST(? AS uuid[]))"
                        + " GROUP BY operation_id, state")
                .setParameter(1, SqlArrays.of(operationIds)).getResultList();
        for (Object[] r : rows) {
            WireValue.parse(ItemState.class, (String) r[1]).ifPresent(state -> out
                    .computeIfAbsent((String) r[0], id -> new EnumMap<>(ItemState.class))
                    .put(state, ((Number) r[2]).longValue()));
        }
        return out;
    }

    /** The targets of an operation's failed items, in request order. */
    public List<String> failedTargets(String operationId) {
        return em.createQuery("SELECT i.targetId FROM OperationItem i WHERE i.operationId = :op AND i.state = :failed"
                        + " ORDER BY i.position", String.class)
                .setParameter("op", operationId).setParameter("failed", ItemState.FAILED.wire()).getResultList();
    }

    public List<OperationItem> items(String operationId) {
        return em.createQuery("SELECT i FROM OperationItem i WHERE i.operationId = :op ORDER BY i.position",
                        OperationItem.class)
                .setParameter("op", operationId).getResultList();
    }

    public List<OperationItem> queuedItems(String operationId) {
        return em.createQuery("SELECT i FROM OperationItem i WHERE i.operationId = :op AND i.state = :queued"
                        + " ORDER BY i.position", OperationItem.class)
                .setParameter("op", operationId).setParameter("queued", ItemState.QUEUED.wire())
                .getResultList();
    }

    /**
     * Takes the operation for this worker if it is queued or its previous owner's lease ran out, and it has been
     * claimed fewer than {@code maxAttempts} times.
     */
    public boolean claim(String operationId, String owner, OffsetDateTime leaseUntil, OffsetDateTime now,
                         int maxAttempts) {
        return em.createNativeQuery("UPDATE operations SET state = 'running', lease_owner = ?, lease_until = ?,"
                        + " attempts = attempts + 1, started_at = COALESCE(started_at, ?)"
                        + " WHERE id = CAST(? AS uuid) AND " + UNOWNED + " AND attempts < ?")
                .setParameter(1, owner).setParameter(2, leaseUntil).setParameter(3, now)
                .setParameter(4, operationId).setParameter(5, now).setParameter(6, maxAttempts)
                .executeUpdate() == 1;
    }

    /**
     * An operation that was claimed {@code maxAttempts} times and is unowned again never finished: each run died
     * (a crash, an out-of-memory). It is failed instead of resumed once more.
     */
    public boolean giveUp(String operationId, int maxAttempts, String error, OffsetDateTime now) {
        return em.createNativeQuery("UPDATE operations SET state = 'failed', error = ?, finished_at = ?,"
                        + " lease_until = NULL WHERE id = CAST(? AS uuid) AND " + UNOWNED + " AND attempts >= ?")
                .setParameter(1, error).setParameter(2, now).setParameter(3, operationId).setParameter(4, now)
                .setParameter(5, maxAttempts)
                .executeUpdate() == 1;
    }

    /** Nobody works on it: queued, or running under a lease that ran out (the next parameter is now). */
    public static final String UNOWNED = "(state = 'queued' OR (state = 'running' AND lease_until < ?))";

    /**
     * Left behind: queued before a time, or running under a lease that ran out (parameters: the time, then now).
     * The sweep's business; a fresh operation is its accepting server's.
     */
    static final String ORPHANED = "((state = 'queued' AND created_at < ?)"
            + " OR (state = 'running' AND lease_until < ?))";

    /**
     * A round's lock of what it may take, for the claim's statement to build on: up to {@code limit} segment and
     * batch operations, oldest first, skipping those another worker is locking, with columns {@code id, total,
     * attempts, tenant_id, dataset_id, action, traceparent, created_at}. Fresh ones only if this server accepted them
     * (the first parameter, their ids); with {@code orphans}, also those queued before a time or running under a
     * lease that ran out (two parameters: the time, then now), whoever accepted them; the last parameter is the
     * limit. The local ones are looked up one by one by key (OFFSET 0 keeps the planner from turning the list into
     * something else): the generic plan PostgreSQL settles on for a prepared statement combined the key with the
     * partial index of unfinished operations, and where autovacuum is off that index still holds an entry for every
     * operation ever recorded (34,000 read per round, 6.5 ms of a 12 ms round). Without {@code orphans}, the
     * statement has no branch for them at all, for the same reason.
     */
    public static String lockReadySql(boolean orphans) {
        return "SELECT id, total, attempts, tenant_id, dataset_id, action, traceparent, created_at FROM operations"
                + " WHERE " + OperationKind.scopeCondition(true)
                + " AND ((state = 'queued' AND id IN (SELECT unnest(CAST(? AS uuid[])) OFFSET 0))"
                + (orphans ? " OR " + ORPHANED : "") + ")"
                + " ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED";
    }

    /** Binds {@link #lockReadySql}'s parameters from the first; returns the next free position. */
    public static int bindLockReady(Query q, Collection<String> local, boolean orphans, OffsetDateTime queuedBefore,
                                    OffsetDateTime now, int limit) {
        q.setParameter(1, SqlArrays.of(local));
        int p = 2;
        if (orphans) {
            q.setParameter(p++, queuedBefore).setParameter(p++, now);
        }
        q.setParameter(p++, limit);
        return p;
    }

    /**
     * Claims for this worker the operations a round takes, whose ids come from the statement's {@code taken}. Its
     * parameters are owner, lease end and now.
     */
    public static final String CLAIM_TAKEN = "UPDATE operations o SET state = 'running', lease_owner = ?,"
            + " lease_until = ?, attempts = o.attempts + 1, started_at = COALESCE(o.started_at, ?)"
            + " FROM taken WHERE o.id = taken.id";

    /** Whether a reconcile or reindex of the dataset is running under a lease that has not run out. */
    public boolean datasetRunUnderWay(String datasetId, OffsetDateTime now) {
        return !em.createNativeQuery("SELECT 1 FROM operations WHERE dataset_id = CAST(? AS uuid) AND scope = '"
                        + OperationKind.DATASET.wire() + "' AND state = 'running' AND lease_until >= ? LIMIT 1")
                .setParameter(1, datasetId).setParameter(2, now).getResultList().isEmpty();
    }

    /** Whether a segment or batch operation has waited since {@code queuedBefore}, or its worker's lease ran out. */
    public boolean orphanedTogglesExist(OffsetDateTime queuedBefore, OffsetDateTime now) {
        return !em.createNativeQuery("SELECT 1 FROM operations WHERE " + OperationKind.scopeCondition(true)
                        + " AND " + ORPHANED
                        + " LIMIT 1")
                .setParameter(1, queuedBefore).setParameter(2, now).getResultList().isEmpty();
    }

    /**
     * Those of these segments that an unfinished toggle or document operation will still write to the index, by
     * the database alone: found even when Redis lost their markers.
     */
    @SuppressWarnings("unchecked")
    public List<String> inFlight(String datasetId, Collection<String> segmentIds) {
        if (segmentIds.isEmpty()) {
            return List.of();
        }
        return em.createNativeQuery("WITH unfinished AS (SELECT id, scope FROM operations"
                        + " WHERE " + OperationState.unfinishedSql("state") + " AND dataset_id = CAST(? AS uuid)),"
                        + " wanted AS (SELECT CAST(unnest(CAST(? AS uuid[])) AS varchar) AS id)"
                        + " SELECT i.target_id FROM unfinished o JOIN operation_items i ON i.operation_id = o.id"
                        + " WHERE o." + OperationKind.scopeCondition(true) + " AND i.target_id IN (SELECT id FROM wanted)"
                        + " UNION SELECT CAST(s.id AS varchar) FROM unfinished o"
                        + " JOIN operation_items i ON i.operation_id = o.id"
                        + " JOIN document_segments s ON CAST(s.document_id AS varchar) = i.target_id"
                        + " WHERE o.scope = '" + OperationKind.DOCUMENT.wire()
                        + "' AND CAST(s.id AS varchar) IN (SELECT id FROM wanted)")
                .setParameter(1, datasetId).setParameter(2, SqlArrays.of(segmentIds)).getResultList();
    }

    public List<Operation> findAll(Collection<String> ids) {
        return ids.isEmpty() ? List.of() : em.createQuery("SELECT o FROM Operation o WHERE o.id IN :ids",
                Operation.class).setParameter("ids", List.copyOf(ids)).getResultList();
    }

    /** What a round needs of one of its operations, read with its lock. */
    public record Header(String id, String tenantId, String datasetId, ToggleAction action, String traceparent) {
    }

    /** A queued item, as a round plans it. */
    public record Queued(String operationId, int position, String targetId) {
    }

    /**
     * Ends these queued items alike, in one statement: the items of one index call, or those skipped for one
     * reason. Items no longer queued (ended by a run that overlapped) are left as they are.
     */
    public int endItems(List<Queued> items, ItemEnd end, OffsetDateTime now) {
        if (items.isEmpty()) {
            return 0;
        }
        Query q = em.createNativeQuery(END_ITEMS);
        bindEndItems(q, items, Collections.nCopies(items.size(), end), now);
        return q.executeUpdate();
    }

    /** Binds {@link #END_ITEMS}' parameters from the first, each item with its end; returns the next free position. */
    public static int bindEndItems(Query q, List<Queued> items, List<ItemEnd> ends, OffsetDateTime now) {
        q.setParameter(1, now)
                .setParameter(2, SqlArrays.of(items.stream().map(Queued::operationId).toList()))
                .setParameter(3, SqlArrays.of(items.stream().map(Queued::position).toList()))
                .setParameter(4, SqlArrays.ofText(ends.stream().map(e -> e.state().wire()).toList()))
                .setParameter(5, SqlArrays.ofText(ends.stream().map(ItemEnd::reason).toList()))
                .setParameter(6, SqlArrays.ofText(ends.stream().map(ItemEnd::error).toList()))
                .setParameter(7, SqlArrays.of(ends.stream().map(ItemEnd::attempts).toList()))
                .setParameter(8, SqlArrays.of(ends.stream().map(ItemEnd::latencyMillis).toList()));
        return 9;
    }

    /**
     * {@link #endItems}' statement, whose parameters are: now, then the arrays of operation ids, positions, and each
     * item's state, reason, error, attempts and latency. Each item is found by its key, and updated where that
     * lookup found it (its {@code ctid}), so the planner has no join to choose. As a join it trusted statistics taken
     * while nothing was queued: it expected one queued item, scanned the table for it and compared every queued item
     * with every item of the call (2.5 million comparisons, 0.6-0.9 s, for a call of 500 during ten batches of
     * 1,000).
     */
    public static final String END_ITEMS = "UPDATE operation_items i SET state = t.state, reason = t.reason,"
            + " error = t.error, attempts = i.attempts + t.attempts, latency_ms = t.latency, finished_at = ?"
            + " FROM (SELECT x.*, k.ctid FROM unnest(CAST(? AS uuid[]), CAST(? AS integer[]), CAST(? AS text[]),"
            + " CAST(? AS text[]), CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS double precision[]))"
            + " AS x(op, pos, state, reason, error, attempts, latency)"
            + " CROSS JOIN LATERAL (SELECT ctid FROM operation_items WHERE operation_id = x.op AND position = x.pos"
            + " AND state = 'queued' OFFSET 0) k) t WHERE i.ctid = t.ctid";

    /** How an operation's items ended, counted in the database. */
    public record Tally(String operationId, int succeeded, int failed, int skipped, String firstError,
                        List<String> targetIds) {
    }

    /**
     * Common table expressions that end operations by their items' tally: {@code tally}, a row per operation
     * ({@code id, succeeded, failed, skipped, error, targets}), and the update that ends each in the state its tally
     * gives. Parameters: the operation ids, then the end time. {@code endedHere} (null if none) is the relation
     * {@code (operation_id, position, state, error)} of items an earlier part of the same statement ended, which
     * the statement's snapshot still sees queued: they are counted from it, in one pass, rather than joined to the
     * items (a join of a round's 2,000 ends with each operation's items was a nested loop, 0.3 s a round). The
     * other items are counted by each operation's key (an aggregate per operation, so that the planner cannot make
     * it a join): as a join, on a table never analysed (autovacuum off) the planner hashed every item of every
     * operation ever recorded, on each round. An operation without items counts zeros.
     */
    public static String tallyAndEnd(String endedHere) {
        String failed = "CASE WHEN state = 'failed' THEN ";
        return "here AS (SELECT id, SUM(succeeded) AS succeeded, SUM(failed) AS failed, MIN(failed_at) AS failed_at,"
                + " (array_agg(error ORDER BY failed_at) FILTER (WHERE failed_at IS NOT NULL))[1] AS error FROM ("
                + (endedHere == null ? "" : "SELECT operation_id, CASE WHEN state = 'succeeded' THEN 1 ELSE 0 END,"
                + " " + failed + "1 ELSE 0 END, " + failed + "position END, " + failed + "error END FROM " + endedHere
                + " UNION ALL ")
                + "SELECT DISTINCT unnest(CAST(? AS uuid[])), 0, 0, CAST(NULL AS integer), CAST(NULL AS text))"
                + " AS u(id, succeeded, failed, failed_at, error) GROUP BY id),"
                + " tally AS (SELECT h.id, c.succeeded + h.succeeded AS succeeded, c.failed + h.failed AS failed,"
                + " c.total - c.succeeded - h.succeeded - c.failed - h.failed AS skipped,"
                + " CASE WHEN h.failed_at < c.failed_at OR c.failed_at IS NULL THEN h.error ELSE c.error END AS error,"
                + " c.targets FROM here h CROSS JOIN LATERAL (SELECT"
                + " COUNT(*) FILTER (WHERE i.state = 'succeeded') AS succeeded,"
                + " COUNT(*) FILTER (WHERE i.state = 'failed') AS failed, COUNT(*) AS total,"
                + " MIN(i.position) FILTER (WHERE i.state = 'failed') AS failed_at,"
                + " (array_agg(i.error ORDER BY i.position) FILTER (WHERE i.state = 'failed'))[1] AS error,"
                + " string_agg(i.target_id, ',' ORDER BY i.position) AS targets"
                + " FROM operation_items i WHERE i.operation_id = h.id) c),"
                + " closed AS (UPDATE operations o SET state = "
                + OperationState.afterItemsSql("tally.succeeded", "tally.failed")
                + ", error = tally.error, finished_at = ?, lease_until = NULL FROM tally WHERE o.id = tally.id)";
    }

    /** The columns of a {@link #tallyAndEnd} row, as a statement selects them from {@code tally}. */
    public static final String TALLY_COLUMNS = "CAST(id AS varchar), succeeded, failed, skipped, error, targets";

    /** {@link #endByTally}'s statement ({@link #tallyAndEnd}'s parameters). */
    public static final String END_BY_TALLY = "WITH " + tallyAndEnd(null) + " SELECT " + TALLY_COLUMNS
            + ", " + NO_FLUSH_WAIT + " FROM tally";

    /**
     * Ends these operations in one statement, each in the state its items' tally gives
     * ({@link OperationState#afterItems}), and returns the tallies. Their items must have been written already. The
     * transaction's commit does not wait for the flush ({@link #NO_FLUSH_WAIT}).
     */
    @SuppressWarnings("unchecked")
    public List<Tally> endByTally(Collection<String> operationIds, OffsetDateTime now) {
        if (operationIds.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createNativeQuery(END_BY_TALLY)
                .setParameter(1, SqlArrays.of(List.copyOf(operationIds))).setParameter(2, now).getResultList();
        return rows.stream().map(OperationRepository::tally).toList();
    }

    /** A tally from a row that begins with the {@link #TALLY_COLUMNS}. */
    public static Tally tally(Object[] r) {
        return new Tally((String) r[0], ((Number) r[1]).intValue(), ((Number) r[2]).intValue(),
                ((Number) r[3]).intValue(), (String) r[4],
                r[5] == null ? List.of() : List.of(((String) r[5]).split(",")));
    }

    public void handBack(String operationId, String owner) {
        em.createNativeQuery("UPDATE operations SET state = 'queued', lease_owner = NULL, lease_until = NULL"
                        + " WHERE id = CAST(? AS uuid) AND lease_owner = ?")
                .setParameter(1, operationId).setParameter(2, owner).executeUpdate();
    }

    /**
     * Document and dataset operations nobody is working on: queued for a while, or running under an expired lease
     * (segment and batch operations are taken by the rounds of {@code ToggleRounds}).
     */
    @SuppressWarnings("unchecked")
    public List<String> claimable(OffsetDateTime queuedBefore, OffsetDateTime now, int limit) {
        return em.createNativeQuery("SELECT CAST(id AS varchar) FROM operations WHERE "
                        + OperationKind.scopeCondition(false)
                        + " AND " + ORPHANED
                        + " ORDER BY created_at LIMIT ?")
                .setParameter(1, queuedBefore).setParameter(2, now).setParameter(3, limit)
                .getResultList();
    }

    /**
     * Queues a reconcile of the dataset unless one is already waiting: a fallback may leave the index holding
     * what the database no longer wants (or the reverse) while the index cannot be written; the sweeper runs
     * the follow-up once it is due, and a failed one queues the next.
     */
    public void scheduleFollowUp(String tenantId, String datasetId, OffsetDateTime now) {
        String reconcile = DatasetAction.RECONCILE.wire();
        String queued = OperationState.QUEUED.wire();
        em.createNativeQuery("INSERT INTO operations (id, tenant_id, dataset_id, action, scope, state, requested_by,"
                        + " total, created_at) SELECT CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), ?, ?, ?, ?, 0, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM operations"
                        + " WHERE dataset_id = CAST(? AS uuid) AND action = ? AND state = ?)")
                .setParameter(1, UUID.randomUUID().toString()).setParameter(2, tenantId)
                .setParameter(3, datasetId).setParameter(4, reconcile).setParameter(5, OperationKind.DATASET.wire())
                .setParameter(6, queued).setParameter(7, DatasetAction.SYSTEM).setParameter(8, now)
                .setParameter(9, datasetId).setParameter(10, reconcile).setParameter(11, queued)
                .executeUpdate();
    }

    /**
     * Removes up to {@code limit} operations that ended before {@code endedBefore}, oldest first, with their items
     * (by the foreign key's cascade); returns how many.
     */
    public int pruneEnded(OffsetDateTime endedBefore, int limit) {
        return em.createNativeQuery("DELETE FROM operations WHERE id IN (SELECT id FROM operations"
                        + " WHERE finished_at < ? AND NOT " + OperationState.unfinishedSql("state")
                        + " ORDER BY finished_at LIMIT ?)")
                .setParameter(1, endedBefore).setParameter(2, limit).executeUpdate();
    }

    /**
     * {@link #backlog}'s statement: each unfinished operation's queued items counted by its key, which a join on a
     * table never analysed turned into a scan of every item.
     */
    public static final String BACKLOG = "SELECT COALESCE(SUM((SELECT COUNT(*) FROM operation_items i"
            + " WHERE i.operation_id = o.id AND i.state = 'queued')), 0) FROM operations o"
            + " WHERE " + OperationState.unfinishedSql("o.state");

    /** Segments still waiting on an unfinished operation. */
    public long backlog() {
        Object n = em.createNativeQuery(BACKLOG).getSingleResult();
        return ((Number) n).longValue();
    }
}
