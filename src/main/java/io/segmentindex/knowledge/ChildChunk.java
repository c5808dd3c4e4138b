package io.segmentindex.knowledge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A small searchable piece of a parent segment (parent-child chunking); it follows its parent's switch. */
@Entity
@Table(name = "child_chunks")
public class ChildChunk {

    @Id
    private String id;
    @Column(name = "tenant_id", nullable = false)
    private String tenantId;
    @Column(name = "dataset_id")
    private String datasetId;
    @Column(name = "document_id")
    private String documentId;
    @Column(name = "segment_id")
    private String segmentId;
    private int position;
    private String content;
    @Column(name = "word_count")
    private int wordCount;
    @Column(name = "index_node_id")
    private String indexNodeId;
    @Column(name = "index_node_hash")
    private String indexNodeHash;
    private String type;
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
    private String error;

    protected ChildChunk() {
    }

    public ChildChunk(DocumentSegment parent, int position, String content, boolean customized, String createdBy,
                      OffsetDateTime now) {
        this.id = UUID.randomUUID().toString();
        this.tenantId = parent.getTenantId();
        this.datasetId = parent.getDatasetId();
        this.documentId = parent.getDocumentId();
        this.segmentId = parent.getId();
        this.position = position;
        this.content = content;
        this.wordCount = TextStats.words(content);
        this.indexNodeId = UUID.randomUUID().toString();
        this.indexNodeHash = TextStats.hash(content);
        this.type = customized ? "customized" : "automatic";
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() { return id; }
    public String getTenantId() { return tenantId; }
    public String getSegmentId() { return segmentId; }
    public int getPosition() { return position; }
    public String getContent() { return content; }
    public int getWordCount() { return wordCount; }
    public String getIndexNodeId() { return indexNodeId; }
    public String getIndexNodeHash() { return indexNodeHash; }
    public String getType() { return type; }
}
