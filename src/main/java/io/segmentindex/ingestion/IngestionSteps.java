package io.segmentindex.ingestion;

import io.segmentindex.indexing.KeywordExtractor;
import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DatasetRepository;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentRepository;
import io.segmentindex.knowledge.DocumentSegment;
import io.segmentindex.knowledge.IndexingStatus;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.knowledge.SegmentStatus;
import io.segmentindex.platform.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.segmentindex.platform.InTransaction;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The transactional steps of ingestion; the index work between them runs outside any transaction. */
@ApplicationScoped
public class IngestionSteps {

    static final int CHUNK = 256;

    @Inject
    DatasetRepository datasets;

    @Inject
    DocumentRepository documents;

    @Inject
    SegmentRepository segments;

    @Inject
    Clock clock;

    @Inject
    DocumentSplitter splitter;

    /** What one run indexes: segment sources in chunks, so a large document never sits in one call. */
    public record Batch(Dataset dataset, DocForm docForm, List<List<SegmentSource>> chunks, int segmentCount) {
    }

    @InTransaction
    public Document record(String tenantId, String userId, String datasetId, NewDocument request) {
        Dataset dataset = datasets.find(tenantId, datasetId)
                .orElseThrow(() -> io.segmentindex.platform.Problem.notFound("Dataset not found."));
        OffsetDateTime now = Timestamps.now(clock);
        Document document = new Document(dataset, documents.nextPosition(datasetId), request.name(),
                request.docForm(), userId, now);
        documents.add(document);
        int position = 1;
        for (NewDocument.NewSegment s : request.segments()) {
            DocumentSegment segment = new DocumentSegment(document, position++, s.content(), s.answer(),
                    s.keywords(), userId, now);
            segments.add(segment);
            if (request.docForm() == DocForm.HIERARCHICAL_MODEL) {
                boolean given = s.childChunks() != null;
                List<String> children = given ? s.childChunks() : splitter.childChunks(s.content());
                int childPosition = 1;
                for (String child : children) {
                    segments.addChild(new ChildChunk(segment, childPosition++, child, given, userId, now));
                }
            }
        }
        return document;
    }

    /** Documents nobody is indexing: waiting since before {@code waitingBefore}, or under a lapsed lease. */
    @InTransaction
    public List<String> unfinished(OffsetDateTime waitingBefore) {
        return documents.unfinished(waitingBefore, Timestamps.now(clock));
    }

    /**
     * Takes the document under a lease, marks it and its segments indexing and fixes their keywords; null if
     * there is nothing to do or another live server is indexing it.
     */
    @InTransaction
    public Batch begin(String documentId, String owner, OffsetDateTime leaseUntil) {
        Document document = documents.findForUpdate(documentId).orElse(null);
        if (document == null || (document.getIndexingStatus() != IndexingStatus.WAITING
                && document.getIndexingStatus() != IndexingStatus.INDEXING)
                || document.isIndexedByAnother(owner, Timestamps.now(clock))) {
            return null;
        }
        Dataset dataset = datasets.find(document.getTenantId(), document.getDatasetId()).orElse(null);
        if (dataset == null) {
            return null;
        }
        OffsetDateTime now = Timestamps.now(clock);
        document.startIndexing(owner, leaseUntil, now);
        List<DocumentSegment> all = segments.ofDocument(documentId);
        Map<String, List<ChildChunk>> children = document.getDocForm() == DocForm.HIERARCHICAL_MODEL
                ? segments.childrenOfDocument(documentId) : Map.of();
        List<List<SegmentSource>> chunks = new ArrayList<>();
        List<SegmentSource> chunk = new ArrayList<>(CHUNK);
        for (DocumentSegment s : all) {
            s.startIndexing(now);
            List<String> keywords = s.hasUserKeywords() ? s.getKeywords()
                    : KeywordExtractor.extract(s.getContent(), dataset.getKeywordNumber());
            s.completeKeywords(keywords);
            chunk.add(SegmentSource.of(s, children.getOrDefault(s.getId(), List.of())));
            if (chunk.size() == CHUNK) {
                chunks.add(chunk);
                chunk = new ArrayList<>(CHUNK);
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return new Batch(dataset, document.getDocForm(), chunks, all.size());
    }

    @InTransaction
    public void complete(String documentId) {
        Document document = documents.findForUpdate(documentId).orElseThrow();
        OffsetDateTime now = Timestamps.now(clock);
        int words = 0;
        int tokens = 0;
        for (DocumentSegment s : segments.ofDocument(documentId)) {
            if (s.getStatus() == SegmentStatus.INDEXING) {
                s.completeIndexing(now);
            }
            words += s.getWordCount();
            tokens += s.getTokens();
        }
        document.completeIndexing(words, tokens, now);
    }

    /** Bulk statements, not entities: this must work even when loading the rows is what failed. */
    @InTransaction
    public void fail(String documentId, String message) {
        OffsetDateTime now = Timestamps.now(clock);
        segments.failUnfinished(documentId, message, now);
        documents.fail(documentId, message, now);
    }
}
