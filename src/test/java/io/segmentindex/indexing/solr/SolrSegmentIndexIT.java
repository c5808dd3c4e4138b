package io.segmentindex.indexing.solr;

import io.segmentindex.indexing.Exclusions;
import io.segmentindex.indexing.IndexNode;
import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.indexing.SegmentIndex.TextField;
import io.segmentindex.indexing.SegmentIndexContract;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.cloud.DocCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index contract against a real SolrCloud: two Solr nodes and an embedded ZooKeeper in this JVM, started
 * once for the class. The adapter uploads its configset and creates the collection itself (1 shard x 2 replicas,
 * one per node), as it does against a production cluster.
 */
class SolrSegmentIndexIT extends SegmentIndexContract {

    private static final Logger LOG = Logger.getLogger(SolrSegmentIndexIT.class.getName());

    private static Path base;
    private static MiniSolrCloudCluster cluster;
    private static SolrSegmentIndex index;

    @BeforeAll
    static void startCluster() throws Exception {
        base = Files.createTempDirectory("solr-cloud");
        long t0 = System.nanoTime();
        cluster = new MiniSolrCloudCluster.Builder(2, base).configure();
        long started = System.nanoTime();
        index = new SolrSegmentIndex(settings(cluster.getZkServer().getZkAddress(), "", 200));
        index.ensureCollection();
        long ready = System.nanoTime();
        LOG.info(String.format("MiniSolrCloudCluster: 2 nodes up in %d ms, collection created in %d ms",
                (started - t0) / 1_000_000, (ready - started) / 1_000_000));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (index != null) {
                index.close();
            }
            if (cluster != null) {
                cluster.shutdown();
            }
        } finally {
            if (base != null) {
                try (Stream<Path> files = Files.walk(base)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Small batches, so that the contract's bulk test crosses several requests. */
    private static SolrSettings settings(String zkHosts, String urls, int batchSize) {
        return SolrSettings.of(zkHosts, urls, "segments", "segment-index-1", 1, 2, 5_000, 30_000, 50, batchSize);
    }

    @Override
    protected SegmentIndex index() {
        return index;
    }

    @Test
    void theCollectionHasOneReplicaOnEachNode() throws Exception {
        DocCollection collection = cluster.getSolrClient().getClusterState().getCollection("segments");
        assertEquals(1, collection.getSlices().size());
        assertEquals(2, collection.getReplicas().size());
        assertEquals(2, collection.getReplicas().stream().map(r -> r.getNodeName()).distinct().count());
        assertTrue(CollectionAdminRequest.listCollections(cluster.getSolrClient()).contains("segments"));
    }

    @Test
    void aSecondServerConnectedBySolrUrlsSharesTheIndex() throws Exception {
        String urls = cluster.getJettySolrRunners().get(0).getBaseUrl() + ","
                + cluster.getJettySolrRunners().get(1).getBaseUrl();
        try (SolrSegmentIndex other = new SolrSegmentIndex(settings("", urls, 500))) {
            other.ensureCollection();
            String ds = ds("shared");
            index.upsert(ds, List.of(node("n1", "s1", "d", "written by the first server", axis(0))));
            assertEquals(Set.of("n1"), other.presentNodeIds(ds, List.of("n1")));
            other.delete(ds, List.of("n1"));
            assertEquals(0, index.count(ds), "a delete by one server is visible to the other at once");
        }
    }

    @Test
    void aSingleDeleteIsVisibleWhenItReturns() {
        String ds = ds("latency");
        int n = 20;
        List<IndexNode> nodes = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> node("n" + i, "s" + i, "d", "latency probe " + i, axis(i))).toList();
        index.upsert(ds, nodes);
        long[] ms = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            index.delete(ds, List.of("n" + i));
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(index.presentNodeIds(ds, List.of("n" + i)).isEmpty());
        }
        java.util.Arrays.sort(ms);
        LOG.info(String.format("Solr delete + soft commit of one node: p50 %d ms, max %d ms", ms[n / 2], ms[n - 1]));
        assertEquals(0, index.count(ds));
    }

    @Test
    void aRestartFindsTheExistingCollection() {
        try (SolrSegmentIndex again = new SolrSegmentIndex(settings(cluster.getZkServer().getZkAddress(), "", 500))) {
            again.ensureCollection();
            String ds = ds("again");
            again.upsert(ds, List.of(IndexNode.of("n", "s", "d", "still here", List.of(), null)));
            assertEquals("s", index.textSearch(ds, TextField.CONTENT, "here", 1, Exclusions.NONE).get(0).segmentId());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnreachableClusterIsNotHealthyButNotBroken() throws Exception {
        try (SolrSegmentIndex nowhere = new SolrSegmentIndex(
                SolrSettings.of("", "http://127.0.0.1:9/solr", "segments", "segment-index-1", 1, 1, 500, 1_000, 50,
                        500))) {
            assertFalse(nowhere.isHealthy());
            assertFalse(nowhere.isBroken(), "a remote outage is no reason to restart this process");
        }
    }

    @Test
    void theConfigsetRemovesTheSameStopWordsAsTheEmbeddedIndex() throws IOException {
        try (InputStream in = SolrSegmentIndex.class.getClassLoader()
                .getResourceAsStream(SolrSegmentIndex.CONFIGSET_RESOURCE + "stopwords.txt")) {
            List<String> words = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            CharArraySet lucene = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;
            assertEquals(lucene.size(), words.size());
            assertTrue(words.stream().allMatch(lucene::contains));
        }
    }
}
