package io.segmentindex.ingestion;

import io.segmentindex.indexing.IndexProcessorFactory;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DatasetRepository;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentRepository;
import io.segmentindex.platform.CallerContext;
import io.segmentindex.platform.DatabaseMigrations;
import io.segmentindex.platform.ErrorText;
import io.segmentindex.platform.Leases;
import io.segmentindex.platform.Periodic;
import io.segmentindex.platform.ServiceMetrics;
import io.segmentindex.platform.SubmitOnce;
import io.segmentindex.platform.Timestamps;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Adds documents: records them (status waiting) in one transaction, then indexes them in the background:
 * waiting -> indexing -> completed, or error with the message. Indexing is leased: documents left unfinished
 * by a stop or a dead replica are picked up at start-up and by a periodic sweep on any replica; indexing is an
 * upsert by node id, so running one twice is harmless.
 */
@ApplicationScoped
public class DocumentIngestion {

    private static final Logger LOG = Logger.getLogger(DocumentIngestion.class.getName());

    /** Off only for a server that shares the database but not the index (the in-container test server). */
    @Inject
    @ConfigProperty(name = "background-work.enabled", defaultValue = "true")
    boolean backgroundWork;

    @Inject
    IngestionSteps steps;

    @Inject
    io.segmentindex.platform.WorkGate gate;

    @Inject
    DatasetRepository datasets;

    @Inject
    IndexProcessorFactory processors;

    @Inject
    CallerContext caller;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Leases leases;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "operations.sweep-interval-seconds")
    int sweepSeconds;

    @Inject
    Periodic periodic;

    @Resource(lookup = "concurrent/indexing")
    ManagedExecutorService executor;

    private final SubmitOnce queued = new SubmitOnce();

    public Document add(String datasetId, NewDocument request) {
        Document document = steps.record(caller.tenantId(), caller.userId(), datasetId, request);
        submit(document.getId());
        return document;
    }

    void start(@Observes DatabaseMigrations.SchemaReady ready) {
        if (!backgroundWork) {
            return;
        }
        resumeUnfinished(Timestamps.now(clock));
        periodic.every(Duration.ofSeconds(sweepSeconds),
                () -> resumeUnfinished(Timestamps.now(clock).minusSeconds(sweepSeconds)));
    }

    /** Documents waiting since before {@code waitingBefore} (just-added ones are already submitted) or orphaned. */
    void resumeUnfinished(OffsetDateTime waitingBefore) {
        try {
            List<String> unfinished = steps.unfinished(waitingBefore);
            if (!unfinished.isEmpty()) {
                LOG.info(() -> "Resuming indexing of " + unfinished.size() + " unfinished document(s)");
                unfinished.forEach(this::submit);
            }
        } catch (RuntimeException e) {
            // Never block start-up on this; the documents stay waiting and the next sweep tries again.
            LOG.log(Level.WARNING, "Could not resume unfinished documents", e);
        }
    }

    private void submit(String documentId) {
        try {
            queued.submit(executor, documentId, () -> index(documentId));
        } catch (RejectedExecutionException e) {
            // The document stays 'waiting' in PostgreSQL; the next sweep picks it up.
            LOG.log(Level.WARNING, "Indexing of document " + documentId + " deferred: executor full", e);
        }
    }

    void index(String documentId) {
        if (!gate.enter()) {
            return; // left waiting; the next sweep or start resumes it
        }
        try {
            indexEntered(documentId);
        } finally {
            gate.exit();
        }
    }

    private void indexEntered(String documentId) {
        long started = System.nanoTime();
        try {
            IngestionSteps.Batch batch = steps.begin(documentId, Leases.OWNER, leases.until());
            if (batch == null) {
                return;
            }
            leases.hold(DocumentRepository.INDEXING_LEASE, documentId);
            Dataset dataset = batch.dataset();
            var processor = processors.processorFor(batch.docForm());
            for (var chunk : batch.chunks()) {
                processor.load(dataset.ref(), chunk);
            }
            steps.complete(documentId);
            metrics.documentsIndexed("completed").inc();
            LOG.info(() -> String.format("Document %s indexed: %d segments in %.3f s", documentId,
                    batch.segmentCount(), (System.nanoTime() - started) / 1e9));
            metrics.ingestedSegments().inc(batch.segmentCount());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Indexing of document " + documentId + " failed", e);
            steps.fail(documentId, ErrorText.of(e));
            metrics.documentsIndexed("error").inc();
        } finally {
            leases.release(DocumentRepository.INDEXING_LEASE, documentId);
        }
    }
}
