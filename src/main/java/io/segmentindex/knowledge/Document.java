package io.segmentindex.knowledge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "documents")
@NamedQuery(name = "Document.byDataset", query = "SELECT d FROM Document d WHERE d.tenantId = :tenant"
        + " AND d.datasetId = :dataset ORDER BY d.position, d.id")
@NamedQuery(name = "Document.countByDataset",
        query = "SELECT COUNT(d) FROM Document d WHERE d.tenantId = :tenant AND d.datasetId = :dataset")
@NamedQuery(name = "Document.maxPosition",
        query = "SELECT MAX(d.position) FROM Document d WHERE d.datasetId = :dataset")
@NamedQuery(name = "Document.unfinished", query = "SELECT d.id FROM Document d"
        + " WHERE (d.indexingStatus = :waiting AND d.createdAt < :waitingBefore) OR (d.indexingStatus = :indexing"
        + " AND (d.indexingLeaseUntil IS NULL OR d.indexingLeaseUntil < :now)) ORDER BY d.createdAt")
public class Document {

    @Id
    private String id;
    @Column(name = "tenant_id", nullable = false)
    private String tenantId;
    @Column(name = "dataset_id")
    private String datasetId;
    private int position;
    private String name;
    @Column(name = "doc_form")
    private String docForm;
    private boolean enabled = true;
    @Column(name = "disabled_at")
    private OffsetDateTime disabledAt;
    @Column(name = "disabled_by")
    private String disabledBy;
    private boolean archived;
    @Column(name = "archived_at")
    private OffsetDateTime archivedAt;
    @Column(name = "archived_by")
    private String archivedBy;
    @Column(name = "archived_reason")
    private String archivedReason;
    @Column(name = "indexing_status")
    private String indexingStatus = IndexingStatus.WAITING.wire();
    private String error;
    @Column(name = "word_count")
    private int wordCount;
    private int tokens;
    @Column(name = "indexing_latency")
    private Double indexingLatency;
    @Column(name = "indexing_owner")
    private String indexingOwner;
    @Column(name = "indexing_lease_until")
    private OffsetDateTime indexingLeaseUntil;
    @Column(name = "processing_started_at")
    private OffsetDateTime processingStartedAt;
    @Column(name = "completed_at")
    private OffsetDateTime completedAt;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_by")
    private String updatedBy;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;
    @Version
    private long version;

    protected Document() {
    }

    public Document(Dataset dataset, int position, String name, DocForm docForm, String createdBy,
                    OffsetDateTime now) {
        this.id = UUID.randomUUID().toString();
        this.tenantId = dataset.getTenantId();
        this.datasetId = dataset.getId();
        this.position = position;
        this.name = name;
        this.docForm = docForm == null ? null : docForm.wire();
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The seed's guard: segments of a document in any other state are left alone by index tasks. */
    public boolean isAvailableForIndex() {
        return Searchable.document(enabled, archived, getIndexingStatus());
    }

    /** Another live server is indexing it: its lease has not run out. */
    public boolean isIndexedByAnother(String owner, OffsetDateTime now) {
        return IndexingStatus.INDEXING.wire().equals(indexingStatus) && indexingLeaseUntil != null
                && indexingLeaseUntil.isAfter(now) && !owner.equals(indexingOwner);
    }

    public void startIndexing(String owner, OffsetDateTime leaseUntil, OffsetDateTime now) {
        indexingStatus = IndexingStatus.INDEXING.wire();
        indexingOwner = owner;
        indexingLeaseUntil = leaseUntil;
        processingStartedAt = now;
        error = null;
        updatedAt = now;
    }

    public void completeIndexing(int words, int tokenCount, OffsetDateTime now) {
        indexingStatus = IndexingStatus.COMPLETED.wire();
        indexingLeaseUntil = null;
        wordCount = words;
        tokens = tokenCount;
        completedAt = now;
        indexingLatency = processingStartedAt == null ? null
                : Duration.between(processingStartedAt, now).toNanos() / 1e9;
        updatedAt = now;
    }


    /** Sets the switch a status action names; false if the document is already that way. */
    public boolean applyStatus(DocumentAction action, String userId, OffsetDateTime now) {
        switch (action) {
            case DISABLE -> {
                if (!enabled) {
                    return false;
                }
                enabled = false;
                disabledAt = now;
                disabledBy = userId;
            }
            case ENABLE -> {
                if (enabled) {
                    return false;
                }
                enabled = true;
                disabledAt = null;
                disabledBy = null;
            }
            case ARCHIVE -> {
                if (archived) {
                    return false;
                }
                archived = true;
                archivedAt = now;
                archivedBy = userId;
            }
            case UN_ARCHIVE -> {
                if (!archived) {
                    return false;
                }
                archived = false;
                archivedAt = null;
                archivedBy = null;
                archivedReason = null;
            }
        }
        updatedAt = now;
        updatedBy = userId;
        return true;
    }

    /** Whether the document is in the state that a status action leads to. */
    public boolean isInStateOf(DocumentAction action) {
        return switch (action) {
            case DISABLE -> !enabled;
            case ENABLE -> enabled;
            case ARCHIVE -> archived;
            case UN_ARCHIVE -> !archived;
        };
    }

    public String getId() { return id; }
    public String getTenantId() { return tenantId; }
    public String getDatasetId() { return datasetId; }
    public int getPosition() { return position; }
    public String getName() { return name; }
    public DocForm getDocForm() {
        return WireValue.parse(DocForm.class, docForm).orElseThrow();
    }
    public boolean isEnabled() { return enabled; }
    public OffsetDateTime getDisabledAt() { return disabledAt; }
    public String getDisabledBy() { return disabledBy; }
    public boolean isArchived() { return archived; }
    public OffsetDateTime getArchivedAt() { return archivedAt; }
    public IndexingStatus getIndexingStatus() {
        return WireValue.parse(IndexingStatus.class, indexingStatus).orElseThrow();
    }
    public String getError() { return error; }
    public int getWordCount() { return wordCount; }
    public int getTokens() { return tokens; }
    public Double getIndexingLatency() { return indexingLatency; }
    public OffsetDateTime getCompletedAt() { return completedAt; }
    public String getCreatedBy() { return createdBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public String getUpdatedBy() { return updatedBy; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public long getVersion() { return version; }
}
