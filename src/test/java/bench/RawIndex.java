package bench;

import bench.ToggleBenchmark.Seg;

import java.util.Collection;
import java.util.List;

/**
 * The index step of ToggleBenchmark's raw baseline: the kind of call the server's own index adapter makes, made
 * directly from the benchmark's JVM. Every write is searchable when it returns, as the adapter's are.
 * {@code -Dbench.index=solr} (set by the solr profile) selects SolrCloud; otherwise an embedded Lucene index.
 */
interface RawIndex extends AutoCloseable {

    static RawIndex open(String dataset, List<Seg> all) throws Exception {
        String kind = System.getProperty("bench.index", "lucene");
        return switch (kind.isBlank() ? "lucene" : kind) {
            case "lucene" -> new LuceneRawIndex(dataset, all);
            case "solr" -> new SolrRawIndex(System.getProperty("bench.solr.zk-hosts", ""), dataset, all);
            default -> throw new IllegalArgumentException("bench.index must be lucene or solr, not " + kind);
        };
    }

    /** Enable: the node replaces any node of the same id. */
    void add(Seg s) throws Exception;

    /** Disable of one segment. */
    void delete(Seg s) throws Exception;

    /** One chunk of a batch disable. */
    void deleteChunk(List<Seg> segs) throws Exception;

    /** Puts nodes back between passes (not timed). */
    void restore(Collection<Seg> segs) throws Exception;

    int docs() throws Exception;

    /** For the BENCH lines: what one toggle's index step is, and one bulk chunk's. */
    String toggleStep();

    String bulkStep();

    /** Where the baseline's index lives, for the memory line. */
    String holds() throws Exception;
}
