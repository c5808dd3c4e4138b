package io.segmentindex.operations;

import io.segmentindex.knowledge.WireValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** One requested segment of an operation, with its own result. */
@Entity
@Table(name = "operation_items")
@IdClass(OperationItem.Key.class)
public class OperationItem {

    @Id
    @Column(name = "operation_id")
    private String operationId;
    @Id
    private int position;
    /** The segment (or, for a document operation, the document) this item is about. */
    @Column(name = "target_id")
    private String targetId;
    private String state;
    private String reason;
    @Column(name = "segment_version")
    private Long segmentVersion;
    private int attempts;
    private String error;
    @Column(name = "latency_ms")
    private Double latencyMs;
    @Column(name = "finished_at")
    private OffsetDateTime finishedAt;

    protected OperationItem() {
    }

    private OperationItem(String operationId, int position, String targetId, ItemState state, String reason,
                          Long segmentVersion, OffsetDateTime finishedAt) {
        this.operationId = operationId;
        this.position = position;
        this.targetId = targetId;
        this.state = state.wire();
        this.reason = reason;
        this.segmentVersion = segmentVersion;
        this.finishedAt = finishedAt;
    }

    public static final String GAVE_UP = "gave_up_after_attempts";

    public static OperationItem queued(String operationId, int position, String targetId, long version) {
        return new OperationItem(operationId, position, targetId, ItemState.QUEUED, null, version, null);
    }

    public static OperationItem skipped(String operationId, int position, String targetId, SkipReason reason,
                                        OffsetDateTime now) {
        return new OperationItem(operationId, position, targetId, ItemState.SKIPPED, reason.wire(), null, now);
    }

    public void succeed(double latencyMillis, OffsetDateTime now) {
        state = ItemState.SUCCEEDED.wire();
        attempts++;
        latencyMs = latencyMillis;
        finishedAt = now;
    }

    public void skip(SkipReason why, OffsetDateTime now) {
        state = ItemState.SKIPPED.wire();
        reason = why.wire();
        finishedAt = now;
    }

    /** Its operation was given up before this item was done (see OperationRepository.giveUp). */
    public void giveUp(String message, OffsetDateTime now) {
        state = ItemState.FAILED.wire();
        reason = GAVE_UP;
        error = message;
        finishedAt = now;
    }

    public void fail(String message, int attemptCount, double latencyMillis, OffsetDateTime now) {
        state = ItemState.FAILED.wire();
        error = message;
        attempts += attemptCount;
        latencyMs = latencyMillis;
        finishedAt = now;
    }

    public String getOperationId() { return operationId; }
    public int getPosition() { return position; }
    public String getTargetId() { return targetId; }
    public ItemState getState() {
        return WireValue.parse(ItemState.class, state).orElseThrow();
    }
    public String getReason() { return reason; }
    public Long getSegmentVersion() { return segmentVersion; }
    public int getAttempts() { return attempts; }
    public String getError() { return error; }
    public Double getLatencyMs() { return latencyMs; }
    public OffsetDateTime getFinishedAt() { return finishedAt; }

    public static class Key implements Serializable {
        public String operationId;
        public int position;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && position == k.position && Objects.equals(operationId, k.operationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(operationId, position);
        }
    }
}
