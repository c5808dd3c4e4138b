package io.segmentindex.indexing.lucene;

import io.segmentindex.indexing.Exclusions;
import io.segmentindex.indexing.IndexNode;
import io.segmentindex.indexing.SegmentIndex.TextField;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The index adapter's hot calls at 10,000 and 100,000 nodes (384-dimension vectors, as MiniLM's; generated from
 * a fixed seed). Each size is built once under target/ and copied for every trial, so the deletes of one trial
 * never shrink the next one's index. Run with {@code mvn -Pjmh test}; see docs/benchmarks/jmh.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class LuceneIndexBenchmark {

    static final int DIM = 384;
    static final String DATASET = "bench-ds";
    static final String[] WORDS = {"refund", "invoice", "shipping", "warehouse", "return", "payment", "order",
        "customer", "policy", "delivery", "account", "discount", "tax", "label", "carrier", "credit"};

    @Param({"10000", "100000"})
    public int nodes;

    private Path copy;
    private LuceneSegmentIndex index;
    private int nextDelete;
    private float[] query;
    private Exclusions exclusions;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path built = Path.of("target", "jmh-index-" + nodes);
        if (!Files.exists(built.resolve("done"))) {
            build(built, nodes);
        }
        copy = Files.createTempDirectory(Path.of("target"), "jmh-trial-");
        try (Stream<Path> files = Files.list(built)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("done")
                    && !f.getFileName().toString().equals("write.lock")).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        // A long interval: commits are measured only where a benchmark asks for one.
        index = new LuceneSegmentIndex(copy, 100, 3_600_000);
        Random r = new Random(7);
        query = vector(r);
        Set<String> excluded = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            excluded.add("s" + r.nextInt(nodes));
        }
        exclusions = new Exclusions(excluded, Set.of());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        index.close();
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** What a disable does to the index on the server: delete by id, then the near-real-time refresh. */
    @Benchmark
    public void deleteByIdAndRefresh() {
        index.delete(DATASET, List.of("n" + (nextDelete++ % nodes)));
    }

    /** The same with an fsynced commit per delete, as every write did before commits moved to an interval. */
    @Benchmark
    public void deleteByIdRefreshAndCommit() {
        index.delete(DATASET, List.of("n" + (nextDelete++ % nodes)));
        index.commit();
    }

    /** Semantic hit-testing: kNN (top 4 of 100 candidates) inside the dataset, minus 100 excluded segments. */
    @Benchmark
    public Object filteredKnn() {
        return index.vectorSearch(DATASET, query, 4, exclusions);
    }

    /** Full-text hit-testing: BM25 over content with the same filter. */
    @Benchmark
    public Object bm25() {
        return index.textSearch(DATASET, TextField.CONTENT, "refund policy for delivery", 4, exclusions);
    }

    static void build(Path dir, int n) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Random r = new Random(42);
        try (LuceneSegmentIndex building = new LuceneSegmentIndex(dir, 100, 3_600_000)) {
            List<IndexNode> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                StringBuilder text = new StringBuilder("segment ").append(i);
                for (int w = 0; w < 12; w++) {
                    text.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
                }
                batch.add(IndexNode.of("n" + i, "s" + i, "d" + (i / 1000), text.toString(), List.of(),
                        vector(r)));
                if (batch.size() == 1000) {
                    building.upsert(DATASET, batch);
                    batch = new ArrayList<>();
                }
            }
            building.upsert(DATASET, batch);
        }
        Files.createFile(dir.resolve("done"));
    }

    static float[] vector(Random r) {
        float[] v = new float[DIM];
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) r.nextGaussian();
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIM; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
