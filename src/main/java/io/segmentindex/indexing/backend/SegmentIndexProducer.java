package io.segmentindex.indexing.backend;

import io.segmentindex.indexing.IndexUnavailableException;
import io.segmentindex.indexing.IndexWriteProbe;
import io.segmentindex.indexing.ProbedSegmentIndex;
import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.indexing.lucene.LuceneSegmentIndex;
import io.segmentindex.indexing.solr.SolrSegmentIndex;
import io.segmentindex.indexing.solr.SolrSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Picks the index backend from {@code index.backend} (INDEX_BACKEND): {@code lucene}, an embedded index in
 * INDEX_DIR for one server, or {@code solr}, a SolrCloud collection that any number of servers share.
 */
@ApplicationScoped
public class SegmentIndexProducer {

    private static final Logger LOG = Logger.getLogger(SegmentIndexProducer.class.getName());

    @Inject
    Config config;

    @Produces
    @ApplicationScoped
    SegmentIndex segmentIndex() {
        String backend = config.getValue("index.backend", String.class).trim().toLowerCase(Locale.ROOT);
        int knnCandidates = config.getValue("index.knn.candidates", Integer.class);
        SegmentIndex index = switch (backend) {
            case "lucene" -> {
                Path path = Path.of(config.getValue("INDEX_DIR", String.class)).toAbsolutePath();
                LOG.info(() -> "Index backend: embedded Lucene at " + path);
                yield new LuceneSegmentIndex(path, knnCandidates,
                        config.getValue("index.commit-interval-ms", Long.class));
            }
            case "solr" -> {
                SolrSettings settings = solrSettings(knnCandidates);
                LOG.info(() -> "Index backend: SolrCloud collection " + settings.collection() + " via "
                        + (settings.zkHosts().isEmpty() ? settings.solrUrls() : "ZooKeeper " + settings.zkHosts()
                        + settings.zkChroot().orElse("")));
                SolrSegmentIndex solr = new SolrSegmentIndex(settings);
                try {
                    solr.ensureCollection();
                } catch (IndexUnavailableException e) {
                    // Not fatal: readiness stays down and the next index call tries again.
                    LOG.log(Level.WARNING, "SolrCloud collection setup deferred: " + e.getMessage());
                }
                yield solr;
            }
            default -> throw new IllegalArgumentException("index.backend must be lucene or solr, not " + backend);
        };
        List<IndexWriteProbe> probes = new ArrayList<>();
        ServiceLoader.load(IndexWriteProbe.class, Thread.currentThread().getContextClassLoader()).forEach(probes::add);
        if (probes.isEmpty()) {
            return index;
        }
        LOG.warning(() -> "Index write probes are ENABLED (test builds only): " + probes.stream()
                .map(p -> p.getClass().getSimpleName()).toList());
        return new ProbedSegmentIndex(index, probes);
    }

    private SolrSettings solrSettings(int knnCandidates) {
        String prefix = config.getOptionalValue("index.solr.collection-prefix", String.class).orElse("");
        return SolrSettings.of(
                config.getOptionalValue("index.solr.zk-hosts", String.class).orElse(""),
                config.getOptionalValue("index.solr.urls", String.class).orElse(""),
                prefix + "segments",
                prefix + config.getValue("index.solr.configset", String.class),
                config.getValue("index.solr.shards", Integer.class),
                config.getValue("index.solr.replicas", Integer.class),
                config.getValue("index.solr.connect-timeout-ms", Integer.class),
                config.getValue("index.solr.request-timeout-ms", Integer.class),
                knnCandidates,
                config.getValue("index.solr.batch-size", Integer.class));
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
