package io.segmentindex.knowledge;

import io.segmentindex.platform.CallerContext;
import io.segmentindex.platform.Problem;
import io.segmentindex.platform.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;

/** Datasets, documents and segments as the caller's tenant sees them. */
@ApplicationScoped
public class DatasetService {

    @Inject
    DatasetRepository datasets;

    @Inject
    DocumentRepository documents;

    @Inject
    SegmentRepository segments;

    @Inject
    CallerContext caller;

    @Inject
    Clock clock;

    /** A validated request to create a dataset. */
    public record NewDataset(String name, String description, IndexingTechnique technique, String embeddingModel,
                             int keywordNumber) {
    }

    @Transactional
    public Dataset create(NewDataset request) {
        String tenant = caller.tenantId();
        if (datasets.nameTaken(tenant, request.name())) {
            throw Problem.conflict("dataset_name_duplicate", "Dataset name already exists.");
        }
        Dataset dataset = new Dataset(tenant, request.name(), request.description(), request.technique(),
                request.embeddingModel(), request.keywordNumber(), caller.userId(), Timestamps.now(clock));
        datasets.add(dataset);
        return dataset;
    }

    @Transactional
    public Dataset dataset(String datasetId) {
        return datasets.find(caller.tenantId(), datasetId)
                .orElseThrow(() -> Problem.notFound("Dataset not found."));
    }

    @Transactional
    public Page<Dataset> datasets(int page, int limit) {
        return datasets.list(caller.tenantId(), page, limit);
    }

    @Transactional
    public Document document(String datasetId, String documentId) {
        dataset(datasetId);
        return documents.find(caller.tenantId(), datasetId, documentId)
                .orElseThrow(() -> Problem.notFound("Document not found."));
    }

    @Transactional
    public Page<Document> documents(String datasetId, int page, int limit) {
        dataset(datasetId);
        return documents.list(caller.tenantId(), datasetId, page, limit);
    }

    @Transactional
    public Page<DocumentSegment> segments(String datasetId, String documentId, SegmentRepository.SegmentFilter filter,
                                          int page, int limit) {
        document(datasetId, documentId);
        return segments.page(caller.tenantId(), documentId, filter, page, limit);
    }

    /** Child chunks of these segments (parent-child documents), by segment id. */
    @Transactional
    public java.util.Map<String, java.util.List<ChildChunk>> childChunks(java.util.List<DocumentSegment> parents) {
        return segments.childrenOf(parents.stream().map(DocumentSegment::getId).toList());
    }

    @Transactional
    public DocumentSegment segment(String datasetId, String documentId, String segmentId) {
        DocumentSegment segment = segments.find(caller.tenantId(), datasetId, segmentId)
                .filter(s -> documentId == null || s.getDocumentId().equals(documentId))
                .orElse(null);
        if (segment == null) {
            dataset(datasetId);
            if (documentId != null) {
                document(datasetId, documentId);
            }
            throw Problem.notFound("Segment not found.");
        }
        return segment;
    }
}
