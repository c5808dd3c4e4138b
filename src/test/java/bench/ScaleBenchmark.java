package bench;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.segmentindex.indexing.embedding.MiniLmEmbeddingModel;
import io.segmentindex.knowledge.TextStats;
import it.io.segmentindex.Api;
import it.io.segmentindex.Servers;
import it.io.segmentindex.Services;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static bench.ToggleBenchmark.TOKEN;
import static bench.ToggleBenchmark.api;
import static bench.ToggleBenchmark.bench;
import static bench.ToggleBenchmark.datasetOperation;
import static bench.ToggleBenchmark.done;
import static bench.ToggleBenchmark.http;
import static bench.ToggleBenchmark.insertRows;
import static bench.ToggleBenchmark.json;
import static bench.ToggleBenchmark.load;
import static bench.ToggleBenchmark.note;
import static bench.ToggleBenchmark.pollUntil;
import static bench.ToggleBenchmark.rssKb;
import static bench.ToggleBenchmark.send;
import static bench.ToggleBenchmark.serverPid;

/**
 * How the server scales with a dataset's size: economy datasets of each size in {@code bench.scale} (default
 * 12,000 and 100,000; add 1,000,000 for the full figure) are generated in PostgreSQL and loaded by the server's
 * own reconcile. For each size it prints the reconcile, a check with nothing to repair and a reindex, each with
 * its time and the server's peak RSS while it ran; the cost of one disable; and keyword and full-text hit testing
 * at 1 and 8 clients, with nothing and with half of the segments disabled, next to raw Lucene running the same
 * query on the server's own index folder (read-only, in this JVM). With {@code bench.scale.vectors}, high-quality
 * datasets of those sizes follow, with random unit vectors seeded into the embedding cache, for semantic and hybrid
 * hit testing (the query embedded by the model on both sides). Not an IT; run it with
 * {@code mvn -B verify -Pbench -DskipUTs=true -Dit.test=ScaleBenchmark -Dbench.scale=12000,100000,1000000}.
 */
class ScaleBenchmark {

    static final List<Integer> SIZES = sizes("bench.scale", "12000,100000");
    /** Sizes of the high-quality datasets, whose hit tests are semantic and hybrid; none unless asked for. */
    static final List<Integer> VECTOR_SIZES = sizes("bench.scale.vectors", "");
    static final List<String> TEXT_METHODS = List.of("keyword_search", "full_text_search");
    static final List<String> VECTOR_METHODS = List.of("semantic_search", "hybrid_search");
    static final int DISABLES = 200;
    static final int WARM_UP = 300;
    static final int QUERIES = 300;
    static final int CLIENTS = 8;
    static final int DIMENSION = 384;
    /** The server's {@code index.knn.candidates}. */
    static final int KNN_CANDIDATES = 100;
    static final Path INDEX = Path.of(System.getProperty("it.liberty.home", "target/liberty/wlp"),
            "usr/servers/segment-index/index");

    static Connection db;
    static DirectoryReader reader;
    static EmbeddingModel model;
    /** The texts of positions up to this one have vectors in the embedding cache already. */
    static int vectorsSeeded;
    static final Analyzer ANALYZER = new StandardAnalyzer(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);

    static List<Integer> sizes(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::strip)
                .filter(v -> !v.isEmpty()).map(Integer::valueOf).toList();
    }

    @BeforeAll
    static void setUp() throws Exception {
        db = Services.db();
        ToggleBenchmark.watch = db;
        note(String.format(Locale.ROOT, "scale set-up: sizes %s; %d cores; server heap %s; load1=%.2f", SIZES,
                Runtime.getRuntime().availableProcessors(), Files.readAllLines(Path.of("liberty", "jvm.options"))
                        .stream().filter(l -> l.startsWith("-Xm")).toList(), load()));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (db != null) {
            db.close();
        }
        Files.write(Path.of("target", "bench-scale.txt"), ToggleBenchmark.report);
    }

    @Test
    @Timeout(value = 85, unit = TimeUnit.MINUTES)
    void scale() throws Exception {
        for (int n : SIZES) {
            String ds = api.createDataset("economy");
            String doc = insertRows(db, ds, n);
            try (PreparedStatement analyze = db.prepareStatement("ANALYZE document_segments")) {
                analyze.execute();
            }
            operation(ds, n, "reconcile", "load (reconcile of " + n + " missing)");
            operation(ds, n, "reconcile", "reconcile, nothing to repair");
            operation(ds, n, "reindex", "reindex");
            disables(ds, doc, n);
            hitTesting(ds, n, "nothing disabled", TEXT_METHODS);
            disableHalf(ds, doc, n);
            hitTesting(ds, n, "half disabled", TEXT_METHODS);
            startUp(n);
        }
        for (int n : VECTOR_SIZES) {
            String ds = api.createDataset("high_quality");
            String doc = insertRows(db, ds, n);
            seedVectors(n);
            try (PreparedStatement analyze = db.prepareStatement("ANALYZE document_segments")) {
                analyze.execute();
            }
            long cached = count("SELECT count(*) FROM embeddings");
            operation(ds, n, "reconcile", "load with vectors (reconcile of " + n + " missing)");
            if (count("SELECT count(*) FROM embeddings") != cached) {
                throw new AssertionError("the load embedded texts: the seeded vectors do not match the server's");
            }
            hitTesting(ds, n, "nothing disabled", VECTOR_METHODS);
            disableHalf(ds, doc, n);
            hitTesting(ds, n, "half disabled", VECTOR_METHODS);
        }
    }

    /** Settled disables of every other segment, as if each had gone through the API; the reconcile takes them out. */
    static void disableHalf(String ds, String doc, int n) throws Exception {
        try (PreparedStatement half = db.prepareStatement("UPDATE document_segments SET enabled = false,"
                + " disabled_at = now(), disabled_by = 'bench' WHERE document_id = CAST(? AS uuid)"
                + " AND position % 2 = 0")) {
            half.setString(1, doc);
            half.executeUpdate();
        }
        operation(ds, n, "reconcile", "reconcile removing the half disabled in the database");
    }

    /**
     * Random unit vectors in the server's embedding cache for the texts {@link ToggleBenchmark#insertRows} writes,
     * keyed as the server keys them, so the reconcile indexes vectors without running the model a million times.
     * The query vectors still come from the model, on both sides.
     */
    static void seedVectors(int n) throws Exception {
        Random random = new Random(n);
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder rows = new StringBuilder();
        for (int g = vectorsSeeded + 1; g <= n; g++) {
            String text = "scale segment " + g + " about topic" + (g % 997) + " and item" + (g % 89);
            rows.append(MiniLmEmbeddingModel.NAME).append('\t').append(TextStats.hash(text)).append('\t')
                    .append(DIMENSION).append("\t\\\\x").append(HexFormat.of().formatHex(unitVector(random)))
                    .append("\tnow\n");
            if (rows.length() > (1 << 22) || g == n) {
                copy.copyIn("COPY embeddings (model_name, hash, dimension, embedding, created_at) FROM STDIN",
                        new StringReader(rows.toString()));
                rows.setLength(0);
            }
        }
        vectorsSeeded = Math.max(vectorsSeeded, n);
    }

    static byte[] unitVector(Random random) {
        float[] v = new float[DIMENSION];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        ByteBuffer bytes = ByteBuffer.allocate(DIMENSION * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            bytes.putFloat((float) (x / Math.sqrt(norm)));
        }
        return bytes.array();
    }

    static long count(String sql) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A clean stop and start, then a kill and start (which repairs what changed since the index's last commit
     * before it is ready), each timed from the start command to ready; beside Lucene opening the same folder.
     */
    static void startUp(int n) throws Exception {
        long t0 = System.nanoTime();
        try (DirectoryReader opened = DirectoryReader.open(FSDirectory.open(INDEX))) {
            opened.maxDoc();
        }
        double rawS = (System.nanoTime() - t0) / 1e9;
        Servers.control(Servers.MAIN, "stop");
        double clean = timedStart(() -> Servers.control(Servers.MAIN, "start"));
        long cleanRss = rssKb(serverPid());
        Servers.kill(Servers.MAIN);
        double killed = timedStart(() -> Servers.restart(Servers.MAIN));
        bench(String.format(Locale.ROOT, "%,d segments, start-up to ready: after a clean stop %.1f s (RSS then %,d MB),"
                        + " after a kill %.1f s | raw Lucene opening the same index %.2f s | load1=%.2f", n, clean,
                cleanRss / 1024, killed, rawS, load()));
    }

    @FunctionalInterface
    interface Start {
        void run() throws Exception;
    }

    static double timedStart(Start start) throws Exception {
        long t0 = System.nanoTime();
        start.run();
        Servers.awaitReady(api);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A reconcile or reindex to its end, with its time and the server's peak RSS while it ran. */
    static void operation(String ds, int n, String action, String what) throws Exception {
        long pid = serverPid();
        long before = rssKb(pid);
        try (RssPeak peak = new RssPeak(pid)) {
            long t0 = System.nanoTime();
            JsonObject op = datasetOperation(ds, action, Duration.ofMinutes(40));
            double s = (System.nanoTime() - t0) / 1e9;
            if (!op.getString("state").equals("succeeded")) {
                throw new AssertionError(what + ": " + op);
            }
            peak.close();
            bench(String.format(Locale.ROOT, "%,d segments, %s: %.1f s (%,.0f segments/s; missing %d, extra %d,"
                            + " repaired %d) | server RSS before %,d MB, peak during %s; live heap after it %,d MB"
                            + " | load1=%.2f", n, what, s, n / s, op.getInt("missing"), op.getInt("extra"),
                    op.getInt("repaired"), before / 1024, peak.describe(), liveHeapMb(pid), load()));
        }
    }

    /** The server's used heap right after a full collection: what it holds, not what G1 let it commit. */
    static long liveHeapMb(long pid) throws Exception {
        jcmd(pid, "GC.run");
        Matcher m = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K")
                .matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new AssertionError("no heap figure from jcmd");
        }
        return Long.parseLong(m.group(1)) / 1024;
    }

    static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jcmd " + command + ": " + out);
        }
        return out;
    }

    /** One disable at a time, 202 to succeeded, then enabled again so the hit tests see the whole dataset. */
    static void disables(String ds, String doc, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT CAST(id AS varchar) FROM document_segments"
                + " WHERE document_id = CAST(? AS uuid) ORDER BY position DESC LIMIT ?")) {
            ps.setString(1, doc);
            ps.setInt(2, DISABLES);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        long[] ns = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            long t0 = System.nanoTime();
            String op = json(send("PATCH", "/api/v1/datasets/" + ds + "/segments/" + ids.get(i) + "/disable")
                    .body()).getString("operation_id");
            ns[i] = pollUntil("/api/v1/operations/" + op, j -> done(j, op), 1) - t0;
        }
        for (String id : ids) {
            String op = json(send("PATCH", "/api/v1/datasets/" + ds + "/segments/" + id + "/enable").body())
                    .getString("operation_id");
            pollUntil("/api/v1/operations/" + op, j -> done(j, op), 5);
        }
        ToggleBenchmark.Run run = ToggleBenchmark.Run.of(ns);
        bench(String.format(Locale.ROOT, "%,d segments, one disable (1 client, 202 to operation succeeded, %d in a"
                + " row): p50 %.1f ms p99 %.1f ms | load1=%.2f", n, DISABLES, run.p(50), run.p(99), load()));
    }

    static void hitTesting(String ds, int n, String state, List<String> methods) throws Exception {
        reopen();
        for (String method : methods) {
            Random random = new Random(n + method.hashCode());
            List<String> queries = new ArrayList<>();
            for (int i = 0; i < WARM_UP + QUERIES + CLIENTS * 100; i++) {
                queries.add(method.equals("keyword_search") ? "topic" + random.nextInt(997)
                        : "topic" + random.nextInt(997) + " item" + random.nextInt(89));
            }
            for (String q : queries.subList(0, WARM_UP)) {
                server(ds, method, q);
                raw(ds, method, q);
            }
            long[] serverNs = new long[QUERIES];
            long[] rawNs = new long[QUERIES];
            long[] floorNs = new long[QUERIES];
            long[] bareNs = new long[QUERIES];
            for (int i = 0; i < QUERIES; i++) {
                String q = queries.get(WARM_UP + i);
                long t0 = System.nanoTime();
                int a = server(ds, method, q);
                long t1 = System.nanoTime();
                int b = raw(ds, method, q);
                long t2 = System.nanoTime();
                floor(ds);
                long t3 = System.nanoTime();
                bareHttp();
                bareNs[i] = System.nanoTime() - t3;
                floorNs[i] = t3 - t2;
                rawNs[i] = t2 - t1;
                serverNs[i] = t1 - t0;
                if (a != b) {
                    throw new AssertionError(method + " '" + q + "': server " + a + " records, raw " + b);
                }
            }
            List<String> many = queries.subList(WARM_UP + QUERIES, queries.size());
            double serverQps = throughput(many, q -> server(ds, method, q));
            double rawQps = throughput(many, q -> raw(ds, method, q));
            double floorQps = throughput(many, q -> floor(ds));
            double bareQps = throughput(many, q -> bareHttp());
            ToggleBenchmark.Run s = ToggleBenchmark.Run.of(serverNs);
            ToggleBenchmark.Run r = ToggleBenchmark.Run.of(rawNs);
            ToggleBenchmark.Run f = ToggleBenchmark.Run.of(floorNs);
            ToggleBenchmark.Run h = ToggleBenchmark.Run.of(bareNs);
            bench(String.format(Locale.ROOT, "%,d segments, %s, %s (top_k 10): 1 client server p50 %.2f ms p99 %.2f"
                            + " ms | raw Lucene on the same index p50 %.2f ms p99 %.2f ms | server/raw p50 %.2f p99"
                            + " %.2f; %d clients server %.0f q/s | raw %.0f q/s | server/raw %.2f | floor of any call"
                            + " (authenticated GET of the dataset, same clients): p50 %.2f ms, %.0f q/s, floor/raw p50"
                            + " %.2f, q/s %.2f | bare HTTP (GET /health/live, no token, same clients): p50 %.2f ms,"
                            + " %.0f q/s, bare/raw p50 %.2f, q/s %.2f | load1=%.2f", n,
                    method, state, s.p(50), s.p(99), r.p(50), r.p(99), s.p(50) / r.p(50), s.p(99) / r.p(99),
                    CLIENTS, serverQps, rawQps, serverQps / rawQps, f.p(50), floorQps, f.p(50) / r.p(50),
                    floorQps / rawQps, h.p(50), bareQps, h.p(50) / r.p(50), bareQps / rawQps, load()));
        }
    }

    @FunctionalInterface
    interface Search {
        int run(String query) throws Exception;
    }

    static double throughput(List<String> queries, Search search) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            long t0 = System.nanoTime();
            List<Future<Integer>> all = new ArrayList<>();
            for (String q : queries) {
                all.add(pool.submit(() -> search.run(q)));
            }
            for (Future<Integer> f : all) {
                f.get();
            }
            return queries.size() / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    static int server(String ds, String method, String query) throws Exception {
        String body = Json.createObjectBuilder().add("query", query).add("retrieval_model",
                Json.createObjectBuilder().add("search_method", method).add("top_k", 10)).build().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(Api.BASE + "/api/v1/datasets/" + ds + "/hit-testing"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new AssertionError("hit testing: " + reply.statusCode() + " " + reply.body());
        }
        return json(reply.body()).getJsonArray("records").size();
    }

    /** The cheapest authenticated call there is (token, admission, one primary-key read): what any query pays. */
    static int floor(String ds) throws Exception {
        return get("/api/v1/datasets/" + ds, true);
    }

    /** An HTTP exchange with no token and no database: the liveness probe. */
    static int bareHttp() throws Exception {
        return get("/health/live", false);
    }

    static int get(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Api.BASE + path))
                .timeout(Duration.ofSeconds(60)).GET();
        if (authenticated) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new AssertionError(path + ": " + reply.statusCode() + " " + reply.body());
        }
        return 1;
    }

    /**
     * What the server's index does for the method, top 10 with the ids read: filtered kNN over the query's vector
     * (embedded here by the same model), BM25, or both merged (hybrid).
     */
    static int raw(String ds, String method, String query) throws IOException {
        Set<String> segments = new HashSet<>();
        if (VECTOR_METHODS.contains(method)) {
            float[] vector = model().embed(query).content().vector();
            segments.addAll(rawSearch(new KnnFloatVectorQuery("vector", vector, KNN_CANDIDATES,
                    new TermQuery(new Term("dataset_id", ds)))));
        }
        if (!method.equals("semantic_search")) {
            segments.addAll(rawSearch(textQuery(ds, method.equals("keyword_search") ? "keywords" : "content",
                    query)));
        }
        return Math.min(10, segments.size());
    }

    static synchronized EmbeddingModel model() {
        if (model == null) {
            model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        }
        return model;
    }

    static List<String> rawSearch(Query query) throws IOException {
        IndexSearcher searcher = new IndexSearcher(reader);
        List<String> out = new ArrayList<>();
        for (ScoreDoc hit : searcher.search(query, 10).scoreDocs) {
            out.add(searcher.storedFields().document(hit.doc, Set.of("node_id", "segment_id")).get("segment_id"));
        }
        return out;
    }

    /** The server's text query: the analyzed terms as SHOULD clauses, the dataset as a filter. */
    static Query textQuery(String ds, String field, String query) throws IOException {
        BooleanQuery.Builder should = new BooleanQuery.Builder();
        for (String term : terms(field, query)) {
            should.add(new TermQuery(new Term(field, term)), Occur.SHOULD);
        }
        return new BooleanQuery.Builder().add(should.build(), Occur.MUST)
                .add(new TermQuery(new Term("dataset_id", ds)), Occur.FILTER).build();
    }

    static Set<String> terms(String field, String text) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        try (TokenStream ts = ANALYZER.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }

    /** The server commits once a second; wait for that, then read its last commit. */
    static void reopen() throws Exception {
        Thread.sleep(2_000);
        DirectoryReader fresh = reader == null ? DirectoryReader.open(FSDirectory.open(INDEX))
                : DirectoryReader.openIfChanged(reader);
        if (fresh != null) {
            if (reader != null) {
                reader.close();
            }
            reader = fresh;
        }
    }

    /** The highest resident set of a process, and of its anonymous and file-backed parts, read every 50 ms. */
    static final class RssPeak implements AutoCloseable {
        private final long[] peak = new long[3]; // VmRSS, RssAnon, RssFile in kB
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;

        RssPeak(long pid) {
            sampler = new Thread(() -> {
                while (running.get()) {
                    try {
                        long[] now = rss(pid);
                        synchronized (peak) {
                            for (int i = 0; i < peak.length; i++) {
                                peak[i] = Math.max(peak[i], now[i]);
                            }
                        }
                        Thread.sleep(50);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "rss-peak");
            sampler.setDaemon(true);
            sampler.start();
        }

        /** "peak 846 MB (anonymous 700, file 150)": the parts' peaks may come at different moments. */
        String describe() {
            synchronized (peak) {
                return String.format(Locale.ROOT, "%,d MB (anonymous %,d, file %,d)", peak[0] / 1024,
                        peak[1] / 1024, peak[2] / 1024);
            }
        }

        static long[] rss(long pid) throws IOException {
            long[] out = new long[3];
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                int i = line.startsWith("VmRSS:") ? 0 : line.startsWith("RssAnon:") ? 1 : line.startsWith("RssFile:") ? 2 : -1;
                if (i >= 0) {
                    out[i] = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return out;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            sampler.join();
        }
    }
}
