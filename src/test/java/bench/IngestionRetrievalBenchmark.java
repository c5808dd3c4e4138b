package bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.request.AbstractUpdateRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingestion and hit-testing figures of the running server, each beside a baseline measured in the same run: the
 * same texts embedded with the same model and indexed with plain Lucene in this JVM, without HTTP, PostgreSQL or
 * the indexing queue. Run only by {@code mvn verify -Pbench}; prints one "BENCH" line per figure.
 */
class IngestionRetrievalBenchmark {

    private static final String BASE = System.getProperty("it.base.url", "http://localhost:9080");
    private static final int N = Integer.getInteger("bench.segments", 10_000);
    private static final String PID_FILE = System.getProperty("bench.server.pid.file", "");
    private static final int DOC_SEGMENTS = 500;
    private static final int EMBED_BATCH = 32;
    private static final int TOP_K = 10;
    private static final int KNN_CANDIDATES = 100; // the server's index.knn.candidates
    // Liberty's request path needs about 2,000 requests before the JIT settles (full-text p50 from 32 ms to 2.5 ms).
    private static final int WARMUP = 1_000;
    private static final int MEASURED = 300;
    private static final int CLIENTS = 8;
    private static final int CONCURRENT_QUERIES = 400;
    private static final List<String> METHODS = List.of("semantic_search", "full_text_search", "hybrid_search");
    private static final String RAW_DATASET = "bench";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String tenant = UUID.randomUUID().toString();
    private final String token = it.io.segmentindex.Api.token(it.io.segmentindex.Api.claims(tenant, "bench", "admin")
            .build());
    private final Analyzer analyzer = new StandardAnalyzer(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);

    @Test
    void ingestionAndRetrieval(@TempDir Path rawDir) throws Exception {
        String kind = System.getProperty("bench.index", "lucene");
        List<String> texts = Corpus.paragraphs(N, 42);
        List<String> queries = Corpus.queries(WARMUP + MEASURED, 7);
        int[] words = texts.stream().mapToInt(t -> t.split(" ").length).toArray();
        report("machine: %d cores, %s, %d MiB RAM, Java %s; date %s; load average %s (1, 5, 15 min)",
                Runtime.getRuntime().availableProcessors(), procLine("/proc/cpuinfo", "model name"),
                kib(procLine("/proc/meminfo", "MemTotal")) / 1024, System.getProperty("java.version"),
                LocalDate.now(), loadAverage());
        report("corpus: N = %d paragraphs of %d-%d words (mean %.0f), %d documents of %d segments",
                N, Arrays.stream(words).min().orElse(0), Arrays.stream(words).max().orElse(0),
                Arrays.stream(words).average().orElse(0), (N + DOC_SEGMENTS - 1) / DOC_SEGMENTS, DOC_SEGMENTS);
        Memory idle = serverMemory();

        // Created outside the clock: the server's collection exists before its first document, too.
        try (RawStore store = kind.equals("solr") ? new SolrStore(System.getProperty("bench.solr.zk-hosts", ""))
                : new LuceneStore(rawDir)) {
            report("raw baseline index: %s", store.describe());
            // The baseline first, while the server is idle; the model load counts on both sides.
            long started = System.nanoTime();
            double rawCpu = ownCpuSeconds();
            EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
            buildRawIndex(model, store, texts);
            double rawSeconds = secondsSince(started);
            rawCpu = ownCpuSeconds() - rawCpu;

            String dataset = call("POST", "/api/v1/datasets", Json.createObjectBuilder()
                    .add("name", "bench-" + UUID.randomUUID()).add("indexing_technique", "high_quality")
                    .build().toString(), 201).getString("id");
            double serverCpu = serverCpuSeconds();
            double serverSeconds = ingestOverHttp(dataset, texts);
            serverCpu = serverCpuSeconds() - serverCpu;
            report("ingestion: server %.1f segments/s (%.1f s) | raw %.1f segments/s (%.1f s) | server/raw %.2f",
                    N / serverSeconds, serverSeconds, N / rawSeconds, rawSeconds, rawSeconds / serverSeconds);
            // CPU time barely moves with other processes' load, unlike wall time on a shared machine.
            report("ingestion CPU per segment: server JVM %.1f ms (PostgreSQL not counted) | raw %.1f ms"
                    + " | server/raw %.2f", 1000 * serverCpu / N, 1000 * rawCpu / N, serverCpu / rawCpu);
            report("server still busy after the last document completed: %.0f s (queries wait for it)",
                    awaitServerIdle());

            {
                List<Search> server = new ArrayList<>();
                List<Search> raw = new ArrayList<>();
                for (String method : METHODS) {
                    server.add(q -> hitTest(dataset, q, method));
                    raw.add(q -> rawSearch(model, store, q, method));
                }
                for (String q : queries.subList(0, WARMUP)) {
                    for (int m = 0; m < METHODS.size(); m++) {
                        server.get(m).run(q);
                        raw.get(m).run(q);
                    }
                }
                List<String> measured = queries.subList(WARMUP, WARMUP + MEASURED);
                latency("nothing disabled", server, raw, measured);
                for (int m = 0; m < METHODS.size(); m++) {
                    double st = throughput(server.get(m), measured);
                    double rt = throughput(raw.get(m), measured);
                    report("%s throughput (%d clients, %d queries): server %.1f q/s | raw %.1f q/s | server/raw %.2f",
                            METHODS.get(m), CLIENTS, CONCURRENT_QUERIES, st, rt, st / rt);
                }

                // Half the segments switched off and settled: out of the server's index as the deleted nodes are
                // out of the baseline's, so the figure shows what excluding them costs the server per query.
                long disabling = System.nanoTime();
                List<Integer> off = disableHalf(dataset);
                double disableSeconds = secondsSince(disabling);
                store.delete(off);
                report("disabled %d of %d segments in %.1f s (batch calls of up to 1,000, to their end)", off.size(),
                        N, disableSeconds);
                latency("half disabled", server, raw, measured);
            }
        }

        Memory after = serverMemory();
        report("server RSS: after the run %d MiB (peak %d MiB) | idle before ingestion %d MiB | after/idle %.2f",
                after.rssKib / 1024, after.peakKib / 1024, idle.rssKib / 1024, (double) after.rssKib / idle.rssKib);
        report("server used heap: after the run %d MiB (committed %d MiB, max %d MiB) | idle before ingestion %d MiB"
                        + " | after/idle %.2f", after.usedHeap >> 20, after.committedHeap >> 20, after.maxHeap >> 20,
                idle.usedHeap >> 20, (double) after.usedHeap / idle.usedHeap);
        report("load average at the end: %s (1, 5, 15 min)", loadAverage());
    }

    /** Interleaved query by query, so that drift (JIT, GC, other load) lands on every method and both sides alike. */
    private static void latency(String label, List<Search> server, List<Search> raw, List<String> measured)
            throws Exception {
        long[][] serverNanos = new long[METHODS.size()][measured.size()];
        long[][] rawNanos = new long[METHODS.size()][measured.size()];
        for (int i = 0; i < measured.size(); i++) {
            for (int m = 0; m < METHODS.size(); m++) {
                serverNanos[m][i] = timed(server.get(m), measured.get(i));
                rawNanos[m][i] = timed(raw.get(m), measured.get(i));
            }
        }
        for (int m = 0; m < METHODS.size(); m++) {
            double[] s = percentiles(serverNanos[m]);
            double[] r = percentiles(rawNanos[m]);
            report("%s latency, %s (1 client, %d queries, top_k %d): server p50 %.1f ms p99 %.1f ms"
                            + " | raw p50 %.1f ms p99 %.1f ms | server/raw p50 %.2f p99 %.2f",
                    METHODS.get(m), label, measured.size(), TOP_K, s[0], s[1], r[0], r[1], s[0] / r[0], s[1] / r[1]);
        }
    }

    /**
     * Disables every other segment of every document with batch calls and waits for their operations; the corpus
     * positions (as the baseline numbers its nodes) of the segments switched off.
     */
    private List<Integer> disableHalf(String dataset) throws InterruptedException {
        List<Integer> off = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        for (int page = 1; (page - 1) * 100 < (N + DOC_SEGMENTS - 1) / DOC_SEGMENTS; page++) {
            for (JsonValue d : call("GET", "/api/v1/datasets/" + dataset + "/documents?limit=100&page=" + page, null,
                    200).getJsonArray("data")) {
                JsonObject doc = d.asJsonObject();
                int first = Integer.parseInt(doc.getString("name").substring("bench-".length())) * DOC_SEGMENTS;
                StringBuilder ids = new StringBuilder();
                for (int segPage = 1; (segPage - 1) * 100 < DOC_SEGMENTS; segPage++) {
                    for (JsonValue v : call("GET", "/api/v1/datasets/" + dataset + "/documents/" + doc.getString("id")
                            + "/segments?limit=100&page=" + segPage, null, 200).getJsonArray("data")) {
                        JsonObject seg = v.asJsonObject();
                        int n = first + seg.getInt("position") - 1;
                        if (n % 2 == 0) {
                            off.add(n);
                            ids.append(ids.length() == 0 ? "?" : "&").append("segment_id=").append(seg.getString("id"));
                        }
                    }
                }
                operations.add(call("PATCH", "/api/v1/datasets/" + dataset + "/documents/" + doc.getString("id")
                        + "/segment/disable" + ids, null, 202).getString("operation_id"));
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        for (String op : operations) {
            while (!call("GET", "/api/v1/operations/" + op, null, 200).getString("state").equals("succeeded")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the disables did not finish in time");
                }
                Thread.sleep(100);
            }
        }
        return off;
    }

    // ---- ingestion

    /** The texts embedded in batches of 32 and indexed one document (500 segments) at a time, as the server. */
    private void buildRawIndex(EmbeddingModel model, RawStore store, List<String> texts) throws Exception {
        List<float[]> vectors = new ArrayList<>(DOC_SEGMENTS);
        int first = 0;
        for (int i = 0; i < texts.size(); i += EMBED_BATCH) {
            List<TextSegment> batch = texts.subList(i, Math.min(texts.size(), i + EMBED_BATCH)).stream()
                    .map(TextSegment::from).toList();
            for (Embedding e : model.embedAll(batch).content()) {
                vectors.add(e.vector());
                if (vectors.size() == DOC_SEGMENTS) {
                    store.addDocument(first, texts, vectors);
                    first += vectors.size();
                    vectors.clear();
                }
            }
        }
        if (!vectors.isEmpty()) {
            store.addDocument(first, texts, vectors);
        }
        store.ready();
    }

    /** Seconds from the first POST until every document reads completed. */
    private double ingestOverHttp(String dataset, List<String> texts) throws InterruptedException {
        long started = System.nanoTime();
        int documents = 0;
        for (int i = 0; i < texts.size(); i += DOC_SEGMENTS) {
            JsonArrayBuilder segments = Json.createArrayBuilder();
            texts.subList(i, Math.min(texts.size(), i + DOC_SEGMENTS))
                    .forEach(t -> segments.add(Json.createObjectBuilder().add("content", t)));
            call("POST", "/api/v1/datasets/" + dataset + "/documents", Json.createObjectBuilder()
                    .add("name", "bench-" + documents++).add("doc_form", "text_model").add("segments", segments)
                    .build().toString(), 201);
        }
        // Bounded: a server slower than 5 segments/s fails the run rather than keep it going.
        long deadline = started + Duration.ofMinutes(10).plusMillis(N * 200L).toNanos();
        while (completed(dataset, documents) < documents) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ingestion did not finish in time");
            }
            Thread.sleep(250);
        }
        return secondsSince(started);
    }

    private int completed(String dataset, int documents) {
        int done = 0;
        for (int page = 1; (page - 1) * 100 < documents; page++) {
            for (JsonValue v : call("GET", "/api/v1/datasets/" + dataset + "/documents?limit=100&page=" + page,
                    null, 200).getJsonArray("data")) {
                JsonObject d = v.asJsonObject();
                switch (d.getString("indexing_status")) {
                    case "completed" -> done++;
                    case "error" -> throw new IllegalStateException("indexing failed: " + d);
                    default -> { }
                }
            }
        }
        return done;
    }

    // ---- retrieval

    @FunctionalInterface
    private interface Search {
        int run(String query) throws Exception;
    }

    private int hitTest(String dataset, String query, String method) {
        String body = Json.createObjectBuilder().add("query", query).add("retrieval_model",
                Json.createObjectBuilder().add("search_method", method).add("top_k", TOP_K)).build().toString();
        return call("POST", "/api/v1/datasets/" + dataset + "/hit-testing", body, 200).getJsonArray("records")
                .size();
    }

    /** What the server's index does for the method: filtered kNN and/or BM25, hybrid weighted 0.7 / 0.3. */
    private int rawSearch(EmbeddingModel model, RawStore store, String query, String method) throws Exception {
        Map<String, Double> scores = new HashMap<>();
        boolean hybrid = method.equals("hybrid_search");
        if (!method.equals("full_text_search")) {
            float[] vector = model.embed(query).content().vector();
            store.knn(vector).forEach((id, score) -> scores.merge(id, (hybrid ? 0.7 : 1.0) * score, Double::sum));
        }
        if (!method.equals("semantic_search")) {
            store.bm25(query).forEach((id, score) -> scores.merge(id, (hybrid ? 0.3 : 1.0) * score, Double::sum));
        }
        return Math.min(TOP_K, scores.size());
    }

    private List<String> terms(String text) throws IOException {
        LinkedHashSet<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream("content", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        }
        return new ArrayList<>(terms);
    }

    /** The baseline's index: plain Lucene in this JVM, or with {@code -Dbench.index=solr} the server's SolrCloud. */
    private interface RawStore extends AutoCloseable {
        /** Texts {@code first..first+vectors.size()-1} as one document's nodes; searchable once it returns. */
        void addDocument(int first, List<String> texts, List<float[]> vectors) throws Exception;

        /** After the last document, before the first search. */
        void ready() throws Exception;

        /** Removes the nodes of these corpus positions; searchable without them once it returns. */
        void delete(List<Integer> positions) throws Exception;

        /** Segment id to score, top {@value #TOP_K}, in the dataset, {@value #KNN_CANDIDATES} candidates. */
        Map<String, Double> knn(float[] vector) throws Exception;

        Map<String, Double> bm25(String query) throws Exception;

        String describe();
    }

    /** Same fields, analyzer and similarity as LuceneSegmentIndex; a commit per document of 500. */
    private final class LuceneStore implements RawStore {
        private final Directory directory;
        private final IndexWriter writer;
        private DirectoryReader reader;
        private IndexSearcher searcher;

        LuceneStore(Path dir) throws IOException {
            directory = FSDirectory.open(dir);
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setRAMBufferSizeMB(64));
        }

        @Override
        public void addDocument(int first, List<String> texts, List<float[]> vectors) throws IOException {
            for (int j = 0; j < vectors.size(); j++) {
                int n = first + j;
                Document doc = new Document();
                doc.add(new StringField("node_id", "node-" + n, Store.YES));
                doc.add(new StringField("segment_id", "segment-" + n, Store.YES));
                doc.add(new StringField("document_id", "document-" + n / DOC_SEGMENTS, Store.NO));
                doc.add(new StringField("dataset_id", RAW_DATASET, Store.NO));
                doc.add(new TextField("content", texts.get(n), Store.NO));
                doc.add(new KnnFloatVectorField("vector", vectors.get(j), VectorSimilarityFunction.COSINE));
                writer.addDocument(doc);
            }
            writer.commit();
        }

        @Override
        public void ready() throws IOException {
            writer.close();
            reader = DirectoryReader.open(directory);
            searcher = new IndexSearcher(reader);
        }

        @Override
        public void delete(List<Integer> positions) throws IOException {
            try (IndexWriter deleting = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
                for (int n : positions) {
                    deleting.deleteDocuments(new Term("segment_id", "segment-" + n));
                }
            }
            reader.close();
            reader = DirectoryReader.open(directory);
            searcher = new IndexSearcher(reader);
        }

        @Override
        public Map<String, Double> knn(float[] vector) throws IOException {
            return collect(new KnnFloatVectorQuery("vector", vector, KNN_CANDIDATES, inDataset()));
        }

        @Override
        public Map<String, Double> bm25(String query) throws IOException {
            BooleanQuery.Builder should = new BooleanQuery.Builder();
            for (String term : terms(query)) {
                should.add(new TermQuery(new Term("content", term)), Occur.SHOULD);
            }
            return collect(new BooleanQuery.Builder().add(should.build(), Occur.MUST)
                    .add(inDataset(), Occur.FILTER).build());
        }

        private Query inDataset() {
            return new TermQuery(new Term("dataset_id", RAW_DATASET));
        }

        private Map<String, Double> collect(Query query) throws IOException {
            Map<String, Double> out = new HashMap<>();
            for (ScoreDoc sd : searcher.search(query, TOP_K).scoreDocs) {
                out.merge(searcher.storedFields().document(sd.doc).get("segment_id"), (double) sd.score, Double::sum);
            }
            return out;
        }

        @Override
        public String describe() {
            return "Lucene 9.12.3 in this JVM, a commit per document of 500";
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
            if (writer.isOpen()) {
                writer.close();
            }
            directory.close();
        }
    }

    /**
     * A collection of its own in the server's SolrCloud (same configset and layout), written and queried as
     * SolrSegmentIndex does: one update request per document ending in a soft commit that waits for the new
     * searchers; kNN and BM25 queries routed to the dataset, sent as POST.
     */
    private static final class SolrStore implements RawStore {
        private static final String COLLECTION = "bench_raw_retrieval";
        private final CloudHttp2SolrClient client;
        private final String layout;

        SolrStore(String zkHosts) throws Exception {
            client = SolrRawIndex.client(zkHosts);
            layout = SolrRawIndex.createLikeServer(client, COLLECTION);
        }

        @Override
        public void addDocument(int first, List<String> texts, List<float[]> vectors) throws Exception {
            UpdateRequest update = new UpdateRequest();
            for (int j = 0; j < vectors.size(); j++) {
                int n = first + j;
                SolrInputDocument doc = new SolrInputDocument();
                doc.addField("id", RAW_DATASET + "!node-" + n);
                doc.addField("node_id", "node-" + n);
                doc.addField("segment_id", "segment-" + n);
                doc.addField("document_id", "document-" + n / DOC_SEGMENTS);
                doc.addField("dataset_id", RAW_DATASET);
                doc.addField("content", texts.get(n));
                List<Float> vector = new ArrayList<>(vectors.get(j).length);
                for (float f : vectors.get(j)) {
                    vector.add(f);
                }
                doc.addField("vector", vector);
                update.add(doc);
            }
            update.setAction(AbstractUpdateRequest.ACTION.COMMIT, true, true, true);
            update.process(client, COLLECTION);
        }

        @Override
        public void ready() {
        }

        @Override
        public void delete(List<Integer> positions) throws Exception {
            UpdateRequest update = new UpdateRequest();
            update.deleteById(positions.stream().map(n -> RAW_DATASET + "!node-" + n).toList());
            update.setAction(AbstractUpdateRequest.ACTION.COMMIT, true, true, true);
            update.process(client, COLLECTION);
        }

        @Override
        public Map<String, Double> knn(float[] vector) throws Exception {
            StringBuilder literal = new StringBuilder(vector.length * 12).append('[');
            for (int i = 0; i < vector.length; i++) {
                literal.append(i > 0 ? "," : "").append(vector[i]);
            }
            SolrQuery query = scoped();
            query.setQuery("{!knn f=vector topK=" + KNN_CANDIDATES + "}" + literal.append(']'));
            return collect(query);
        }

        /** As the adapter: each word escaped and lower-cased, OR-ed, parsed by the field's analyzer. */
        @Override
        public Map<String, Double> bm25(String text) throws Exception {
            List<String> words = new ArrayList<>();
            for (String word : text.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(ClientUtils.escapeQueryChars(word.toLowerCase(Locale.ROOT)));
                }
            }
            SolrQuery query = scoped();
            query.setQuery(String.join(" ", words));
            query.set("defType", "lucene");
            query.set("df", "content");
            query.set("q.op", "OR");
            query.set("sow", true);
            return collect(query);
        }

        private static SolrQuery scoped() {
            SolrQuery query = new SolrQuery();
            query.addFilterQuery("dataset_id:" + RAW_DATASET);
            query.set("_route_", RAW_DATASET + "!");
            query.setRows(TOP_K);
            query.setFields("node_id", "segment_id", "score");
            return query;
        }

        private Map<String, Double> collect(SolrQuery query) throws Exception {
            Map<String, Double> out = new HashMap<>();
            for (SolrDocument doc : new QueryRequest(query, SolrRequest.METHOD.POST).process(client, COLLECTION)
                    .getResults()) {
                out.merge((String) doc.getFieldValue("segment_id"),
                        ((Number) doc.getFieldValue("score")).doubleValue(), Double::sum);
            }
            return out;
        }

        @Override
        public String describe() {
            return "SolrCloud collection " + layout + ", written and queried from this JVM through"
                    + " CloudHttp2SolrClient; a soft commit waiting for searchers per document of 500";
        }

        @Override
        public void close() throws Exception {
            try {
                CollectionAdminRequest.deleteCollection(COLLECTION).process(client);
            } finally {
                client.close();
            }
        }
    }

    /** Every query must find something, or the figure would measure nothing. */
    private static long timed(Search search, String query) throws Exception {
        long started = System.nanoTime();
        int hits = search.run(query);
        long nanos = System.nanoTime() - started;
        if (hits == 0) {
            throw new IllegalStateException("no hits for: " + query);
        }
        return nanos;
    }

    /** p50 and p99 in ms. */
    private static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] {percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6};
    }

    /** Nearest rank on sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Queries per second with CLIENTS threads sharing a fixed count of queries. */
    private static double throughput(Search search, List<String> queries) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            long started = System.nanoTime();
            List<Future<Object>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < CONCURRENT_QUERIES; i = next.getAndIncrement()) {
                        search.run(queries.get(i % queries.size()));
                    }
                    return null;
                }));
            }
            for (Future<Object> f : done) {
                f.get();
            }
            return CONCURRENT_QUERIES / secondsSince(started);
        } finally {
            clients.shutdownNow();
        }
    }

    // ---- server and machine

    private JsonObject call(String method, String path, String body, int expected) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(BASE + path))
                .timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> reply = send(request);
        if (reply.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + reply.statusCode() + ": "
                    + reply.body());
        }
        try (var reader = Json.createReader(new StringReader(reply.body()))) {
            return reader.readObject();
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Seconds until the server's JVM uses under a tenth of a core (at most two minutes). */
    private double awaitServerIdle() throws IOException, InterruptedException {
        long started = System.nanoTime();
        double cpu = serverCpuSeconds();
        while (!Double.isNaN(cpu) && System.nanoTime() - started < Duration.ofMinutes(2).toNanos()) {
            Thread.sleep(1000);
            double now = serverCpuSeconds();
            if (now - cpu < 0.1) {
                break;
            }
            cpu = now;
        }
        return secondsSince(started);
    }

    /** utime + stime of the server's JVM: fields 14 and 15 of /proc/<pid>/stat, in ticks of 1/100 s. */
    private static double serverCpuSeconds() throws IOException {
        Optional<String> pid = serverPid();
        if (pid.isEmpty()) {
            return Double.NaN;
        }
        String stat = Files.readString(Path.of("/proc", pid.get(), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static Optional<String> serverPid() throws IOException {
        Path pidFile = Path.of(PID_FILE);
        return !PID_FILE.isEmpty() && Files.exists(pidFile) ? Optional.of(Files.readString(pidFile).trim())
                : Optional.empty();
    }

    private record Memory(long rssKib, long peakKib, long usedHeap, long committedHeap, long maxHeap) {
    }

    /** RSS from /proc of the server's JVM; heap from its /metrics (MP Metrics 5 names, or the older base_ ones). */
    private Memory serverMemory() throws IOException {
        Optional<String> pid = serverPid();
        String status = pid.isPresent() ? Files.readString(Path.of("/proc", pid.get(), "status")) : "";
        String metrics = send(HttpRequest.newBuilder(URI.create(BASE + "/metrics?scope=base"))
                .timeout(Duration.ofSeconds(30)).build()).body();
        return new Memory(kib(field(status, "VmRSS")), kib(field(status, "VmHWM")),
                metric(metrics, "memory_usedHeap_bytes"), metric(metrics, "memory_committedHeap_bytes"),
                metric(metrics, "memory_maxHeap_bytes"));
    }

    private static long metric(String text, String name) {
        Matcher m = Pattern.compile("^(?:base_)?" + name + "(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static String procLine(String file, String key) {
        try {
            return field(Files.readString(Path.of(file)), key);
        } catch (IOException e) {
            return "?";
        }
    }

    private static String field(String text, String key) {
        Matcher m = Pattern.compile("^" + key + "\\s*:\\s*(.+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? m.group(1).trim() : "?";
    }

    private static long kib(String value) {
        return value.endsWith(" kB") ? Long.parseLong(value.substring(0, value.length() - 3).trim()) : 0;
    }

    private static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** One line per figure, with the 1-minute load average so that a reader can judge the noise. */
    private static void report(String format, Object... args) throws IOException {
        System.out.println("BENCH " + String.format(Locale.ROOT, format, args) + " [load " + loadAverage().split(" ")[0]
                + "]");
    }
}
