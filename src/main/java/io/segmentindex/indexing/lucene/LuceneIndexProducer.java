package io.segmentindex.indexing.lucene;

import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.indexing.faults.FaultInjectingSegmentIndex;
import io.segmentindex.indexing.faults.IndexFaults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Opens the embedded index once per server; closing commits whatever is pending. */
@ApplicationScoped
public class LuceneIndexProducer {

    private static final Logger LOG = Logger.getLogger(LuceneIndexProducer.class.getName());

    @Produces
    @ApplicationScoped
    SegmentIndex segmentIndex(@ConfigProperty(name = "INDEX_DIR") String dir,
                              @ConfigProperty(name = "index.knn.candidates") int knnCandidates,
                              @ConfigProperty(name = "index.commit-interval-ms") long commitIntervalMs,
                              @ConfigProperty(name = "index.fault-injection.enabled", defaultValue = "false")
                              boolean faultInjection,
                              IndexFaults faults) {
        Path path = Path.of(dir).toAbsolutePath();
        LOG.info(() -> "Opening the Lucene index at " + path);
        SegmentIndex index = new LuceneSegmentIndex(path, knnCandidates, commitIntervalMs);
        if (faultInjection) {
            LOG.warning("Index fault injection is ENABLED (test builds only)");
            return new FaultInjectingSegmentIndex(index, faults);
        }
        return index;
    }

    void close(@Disposes SegmentIndex index) {
        if (index instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the index failed", e);
            }
        }
    }
}
