package io.segmentindex.knowledge;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "document_segments")
public class DocumentSegment {

    @Id
    private String id;
    @Column(name = "tenant_id", nullable = false)
    private String tenantId;
    @Column(name = "dataset_id")
    private String datasetId;
    @Column(name = "document_id")
    private String documentId;
    private int position;
    private String content;
    private String answer;
    @Column(name = "word_count")
    private int wordCount;
    private int tokens;
    @Convert(converter = KeywordsConverter.class)
    private List<String> keywords;
    @Column(name = "index_node_id")
    private String indexNodeId;
    @Column(name = "index_node_hash")
    private String indexNodeHash;
    @Column(name = "hit_count")
    private int hitCount;
    private boolean enabled = true;
    @Column(name = "disabled_at")
    private OffsetDateTime disabledAt;
    @Column(name = "disabled_by")
    private String disabledBy;
    private String status = SegmentStatus.WAITING.wire();
    private String error;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_by")
    private String updatedBy;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;
    @Column(name = "indexing_at")
    private OffsetDateTime indexingAt;
    @Column(name = "completed_at")
    private OffsetDateTime completedAt;
    @Column(name = "stopped_at")
    private OffsetDateTime stoppedAt;
    @Version
    private long version;

    protected DocumentSegment() {
    }

    public DocumentSegment(Document document, int position, String content, String answer, List<String> keywords,
                           String createdBy, OffsetDateTime now) {
        this.id = UUID.randomUUID().toString();
        this.tenantId = document.getTenantId();
        this.datasetId = document.getDatasetId();
        this.documentId = document.getId();
        this.position = position;
        this.content = content;
        this.answer = answer;
        this.keywords = keywords == null || keywords.isEmpty() ? null : List.copyOf(keywords);
        this.wordCount = TextStats.words(content) + TextStats.words(answer);
        this.tokens = TextStats.tokens(content) + TextStats.tokens(answer);
        this.indexNodeId = UUID.randomUUID().toString();
        this.indexNodeHash = TextStats.hash(content);
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Retrieval may return a segment only in this state (its document must be available too). */
    public boolean isSearchable() {
        return Searchable.segment(enabled, getStatus());
    }

    public boolean hasUserKeywords() {
        return keywords != null && !keywords.isEmpty();
    }

    public void startIndexing(OffsetDateTime now) {
        status = SegmentStatus.INDEXING.wire();
        indexingAt = now;
        error = null;
    }

    /** Fixes the keywords the index will carry; user-given ones are kept as they are. */
    public void completeKeywords(List<String> effectiveKeywords) {
        keywords = effectiveKeywords == null || effectiveKeywords.isEmpty() ? null : List.copyOf(effectiveKeywords);
    }

    public void completeIndexing(OffsetDateTime now) {
        status = SegmentStatus.COMPLETED.wire();
        completedAt = now;
        error = null;
    }


    public String getId() { return id; }
    public String getTenantId() { return tenantId; }
    public String getDatasetId() { return datasetId; }
    public String getDocumentId() { return documentId; }
    public int getPosition() { return position; }
    public String getContent() { return content; }
    public String getAnswer() { return answer; }
    public int getWordCount() { return wordCount; }
    public int getTokens() { return tokens; }
    public List<String> getKeywords() { return keywords; }
    public String getIndexNodeId() { return indexNodeId; }
    public String getIndexNodeHash() { return indexNodeHash; }
    public int getHitCount() { return hitCount; }
    public boolean isEnabled() { return enabled; }
    public OffsetDateTime getDisabledAt() { return disabledAt; }
    public String getDisabledBy() { return disabledBy; }
    public SegmentStatus getStatus() {
        return WireValue.parse(SegmentStatus.class, status).orElseThrow();
    }
    public String getError() { return error; }
    public String getCreatedBy() { return createdBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public String getUpdatedBy() { return updatedBy; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public OffsetDateTime getIndexingAt() { return indexingAt; }
    public OffsetDateTime getCompletedAt() { return completedAt; }
    public OffsetDateTime getStoppedAt() { return stoppedAt; }
    public long getVersion() { return version; }
}
