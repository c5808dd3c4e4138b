package io.segmentindex.knowledge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "datasets")
@NamedQuery(name = "Dataset.byTenant",
        query = "SELECT d FROM Dataset d WHERE d.tenantId = :tenant ORDER BY d.createdAt DESC, d.id")
@NamedQuery(name = "Dataset.countByTenant", query = "SELECT COUNT(d) FROM Dataset d WHERE d.tenantId = :tenant")
@NamedQuery(name = "Dataset.countByName",
        query = "SELECT COUNT(d) FROM Dataset d WHERE d.tenantId = :tenant AND d.name = :name")
public class Dataset {

    @Id
    private String id;
    @Column(name = "tenant_id", nullable = false)
    private String tenantId;
    private String name;
    private String description;
    @Column(name = "indexing_technique")
    private String indexingTechnique;
    @Column(name = "embedding_model")
    private String embeddingModel;
    @Column(name = "keyword_number")
    private int keywordNumber;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_by")
    private String updatedBy;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected Dataset() {
    }

    public Dataset(String tenantId, String name, String description, IndexingTechnique technique,
                   String embeddingModel, int keywordNumber, String createdBy, OffsetDateTime now) {
        this.id = UUID.randomUUID().toString();
        this.tenantId = tenantId;
        this.name = name;
        this.description = description;
        this.indexingTechnique = technique == null ? null : technique.wire();
        this.embeddingModel = technique == IndexingTechnique.HIGH_QUALITY ? embeddingModel : null;
        this.keywordNumber = keywordNumber;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public DatasetRef ref() {
        return new DatasetRef(tenantId, id, usesVectors());
    }

    public boolean usesVectors() {
        return indexingTechnique != null && getIndexingTechnique().usesVectors();
    }

    public String getId() { return id; }
    public String getTenantId() { return tenantId; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public IndexingTechnique getIndexingTechnique() {
        return WireValue.parse(IndexingTechnique.class, indexingTechnique).orElseThrow();
    }
    public String getEmbeddingModel() { return embeddingModel; }
    public int getKeywordNumber() { return keywordNumber; }
    public String getCreatedBy() { return createdBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public String getUpdatedBy() { return updatedBy; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
}
