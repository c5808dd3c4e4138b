package io.segmentindex.knowledge;

import io.segmentindex.platform.CallerContext;
import io.segmentindex.platform.InTransaction;
import io.segmentindex.platform.Problem;
import io.segmentindex.platform.SqlFailures;
import io.segmentindex.platform.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import java.time.Clock;
import java.util.List;
import java.util.Map;

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

    @InTransaction
    public Dataset create(NewDataset request) {
        String tenant = caller.tenantId();
        if (datasets.nameTaken(tenant, request.name())) {
            throw duplicateName();
        }
        Dataset dataset = new Dataset(tenant, request.name(), request.description(), request.technique(),
                request.embeddingModel(), request.keywordNumber(), caller.userId(), Timestamps.now(clock));
        try {
            datasets.add(dataset);
        } catch (PersistenceException e) {
            // Two requests raced past the check above: the loser gets the answer it would get a moment later.
            if (SqlFailures.uniqueViolation(e)) {
                throw duplicateName();
            }
            throw e;
        }
        return dataset;
    }

    private static Problem duplicateName() {
        return Problem.conflict("dataset_name_duplicate", "Dataset name already exists.");
    }

    @InTransaction
    public Dataset dataset(String datasetId) {
        return datasets.find(caller.tenantId(), datasetId).orElseThrow(DatasetService::notFound);
    }

    /** The answer for a dataset the caller's tenant does not have. */
    public static Problem notFound() {
        return Problem.notFound("Dataset not found.");
    }

    @InTransaction
    public Page<Dataset> datasets(int page, int limit) {
        return datasets.list(caller.tenantId(), page, limit);
    }

    @InTransaction
    public Document document(String datasetId, String documentId) {
        dataset(datasetId);
        return documents.find(caller.tenantId(), datasetId, documentId)
                .orElseThrow(() -> Problem.notFound("Document not found."));
    }

    @InTransaction
    public Page<Document> documents(String datasetId, int page, int limit) {
        dataset(datasetId);
        return documents.list(caller.tenantId(), datasetId, page, limit);
    }

    @InTransaction
    public Page<DocumentSegment> segments(String datasetId, String documentId, SegmentRepository.SegmentFilter filter,
                                          int page, int limit) {
        document(datasetId, documentId);
        return segments.page(caller.tenantId(), documentId, filter, page, limit);
    }

    /** Child chunks of these segments (parent-child documents), by segment id. */
    @InTransaction
    public Map<String, List<ChildChunk>> childChunks(List<DocumentSegment> parents) {
        return segments.childrenOf(parents.stream().map(DocumentSegment::getId).toList());
    }

    @InTransaction
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
