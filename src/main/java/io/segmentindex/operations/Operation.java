package io.segmentindex.operations;

import io.segmentindex.knowledge.WireValue;
import io.segmentindex.platform.Tracing;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One accepted toggle request (single or batch) and where it is. */
@Entity
@Table(name = "operations")
public class Operation {

    @Id
    private String id;
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "dataset_id")
    private String datasetId;
    @Column(name = "document_id")
    private String documentId;
    private String action;
    private String scope;
    private String state;
    @Column(name = "requested_by")
    private String requestedBy;
    @Column(name = "idempotency_key")
    private String idempotencyKey;
    private int total;
    private String error;
    private int attempts;
    @Column(name = "lease_owner")
    private String leaseOwner;
    @Column(name = "lease_until")
    private OffsetDateTime leaseUntil;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "started_at")
    private OffsetDateTime startedAt;
    @Column(name = "finished_at")
    private OffsetDateTime finishedAt;
    private Integer missing;
    private Integer extra;
    private Integer repaired;
    /** The request's trace (W3C traceparent), for the worker's spans to continue; null while nothing is traced. */
    private String traceparent;

    protected Operation() {
    }

    public Operation(String id, String tenantId, String datasetId, String documentId, ToggleAction action,
                     boolean batch, String requestedBy, String idempotencyKey, int total, OffsetDateTime now) {
        this(id, tenantId, datasetId, documentId, action.wire(),
                (batch ? OperationKind.BATCH : OperationKind.SEGMENT).wire(), requestedBy, idempotencyKey, total, now);
    }

    /** A reconcile or reindex run over a whole dataset. */
    public static Operation forDataset(String id, String tenantId, String datasetId, DatasetAction action,
                                       String requestedBy, OffsetDateTime now) {
        return new Operation(id, tenantId, datasetId, null, action.wire(), OperationKind.DATASET.wire(), requestedBy,
                null, 0, now);
    }

    /** What a reconcile or reindex run found and repaired. */
    public void summarize(int missingNodes, int extraNodes, int repairedSegments) {
        missing = missingNodes;
        extra = extraNodes;
        repaired = repairedSegments;
        total = missingNodes + extraNodes;
    }

    /** A document status operation; its items name documents. {@code action}: the document action's wire value. */
    public static Operation forDocuments(String id, String tenantId, String datasetId, String action,
                                         String requestedBy, String idempotencyKey, int total, OffsetDateTime now) {
        return new Operation(id, tenantId, datasetId, null, action, OperationKind.DOCUMENT.wire(), requestedBy,
                idempotencyKey, total, now);
    }

    private Operation(String id, String tenantId, String datasetId, String documentId, String action, String scope,
                      String requestedBy, String idempotencyKey, int total, OffsetDateTime now) {
        this.id = id == null ? UUID.randomUUID().toString() : id;
        this.tenantId = tenantId;
        this.datasetId = datasetId;
        this.documentId = documentId;
        this.action = action;
        this.scope = scope;
        this.state = OperationState.QUEUED.wire();
        this.requestedBy = requestedBy;
        this.idempotencyKey = idempotencyKey;
        this.total = total;
        this.createdAt = now;
        this.traceparent = Tracing.traceparent();
    }

    /** The trace of the request that asked for it, when the operation is built outside that request's thread. */
    public void continueTrace(String requestTraceparent) {
        traceparent = requestTraceparent;
    }

    /** Nothing left to do: every item was skipped at the door. */
    public void finishWithoutWork(OffsetDateTime now) {
        state = OperationState.SUCCEEDED.wire();
        finishedAt = now;
    }

    public void finish(OperationState outcome, String message, OffsetDateTime now) {
        state = outcome.wire();
        error = message;
        finishedAt = now;
        leaseUntil = null; // the owner stays, as the worker that finished it
    }

    public String getId() { return id; }
    public String getTenantId() { return tenantId; }
    public String getDatasetId() { return datasetId; }
    public String getDocumentId() { return documentId; }
    public boolean isDatasetOperation() {
        return getKind() == OperationKind.DATASET;
    }

    public Integer getMissing() { return missing; }
    public Integer getExtra() { return extra; }
    public Integer getRepaired() { return repaired; }

    public boolean isDocumentOperation() {
        return getKind() == OperationKind.DOCUMENT;
    }

    /** The action of a segment operation. */
    public ToggleAction getAction() {
        return WireValue.parse(ToggleAction.class, action).orElseThrow();
    }

    public String getActionName() {
        return action;
    }
    public String getScope() { return scope; }
    public OperationKind getKind() {
        return WireValue.parse(OperationKind.class, scope).orElseThrow();
    }
    public OperationState getState() {
        return WireValue.parse(OperationState.class, state).orElseThrow();
    }
    public String getRequestedBy() { return requestedBy; }
    public String getIdempotencyKey() { return idempotencyKey; }
    public int getTotal() { return total; }
    public String getError() { return error; }
    public int getAttempts() { return attempts; }
    /** The server that runs it, or ran it last: the pod name and a per-start id. */
    public String getWorker() { return leaseOwner; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getStartedAt() { return startedAt; }
    public OffsetDateTime getFinishedAt() { return finishedAt; }
    public String getTraceparent() { return traceparent; }
}
