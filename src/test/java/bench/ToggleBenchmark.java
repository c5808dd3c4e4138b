package bench;

import it.io.segmentindex.Api;
import it.io.segmentindex.Services;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Enable/disable figures of the running server, each next to a raw baseline measured in the same run: the same
 * statements done directly from this JVM against the same PostgreSQL and Redis and an index of the same size and
 * kind as the server's (embedded Lucene, or a collection of its own in the same SolrCloud: {@link RawIndex}).
 * Prints one {@code BENCH} line per figure; nothing fails on a slow figure. Not an IT (no {@code *IT} name), so
 * {@code mvn verify} skips it; run it with {@code mvn -B verify -Dit.test=ToggleBenchmark -DskipUTs=true}.
 * Results and their reading: docs/benchmarks/toggles.md and docs/benchmarks/solr.md.
 */
class ToggleBenchmark {

    static final int BIG = 10_000;
    static final int SMALL = 2_000;
    static final int CALLS = Integer.getInteger("bench.calls", 3000);
    /** Index size for the scaling figure; 100,000 with {@code -Dbench.n=100000}. */
    static final int SCALE_N = Integer.getInteger("bench.n", 10_000);
    static final int SCALE_SAMPLE = 200;
    static final int WARM_UP = 400;
    /** Disables timed by figure 2: with 200, its p99 was the second-slowest sample, decided by one hiccup. */
    static final int ABSENCE_N = Integer.getInteger("bench.absence.n", 1000);
    static final int CHUNK = 500;
    static final Duration PHASE_LIMIT = Duration.ofSeconds(180);
    /** Open loop: how long the clients send, and the distinct segments they draw from (never one twice). */
    static final int OPEN_SECONDS = Integer.getInteger("bench.open.seconds", 30);
    static final int OPEN_N = Integer.getInteger("bench.open.n", 40_000);
    /** The client counts of the open loop, e.g. {@code -Dbench.open.clients=16} for an A/B of one level. */
    static final List<Integer> OPEN_CLIENTS = Arrays.stream(System.getProperty("bench.open.clients", "16,64")
            .split(",")).map(String::strip).map(Integer::valueOf).toList();
    static final int OPEN_WARM_UP_SECONDS = 5;
    /**
     * The warm-up before the first open-loop level ({@link #openWarmUp}): at least this long, then on until the
     * server's JIT compiler threads use under {@link #JIT_QUIET_CORES} over a slice, for at most the maximum.
     */
    static final int OPEN_FIRST_WARM_UP_SECONDS = Integer.getInteger("bench.open.warmup", 30);
    static final int JIT_WARM_UP_MAX_SECONDS = Integer.getInteger("bench.warmup.max", 300);
    static final int JIT_SLICE_SECONDS = 15;
    static final double JIT_QUIET_CORES = 0.1;
    static final int OPEN_WARM_UP_N = 20_000;
    static final String USER = "bench";

    static final Api api = new Api(java.util.UUID.randomUUID().toString(), USER, "admin");
    static final String TOKEN = Api.token(Api.claims(api.tenant, USER, "admin").build());
    // HTTP/1.1 so that each client holds its own connection, as separate admin clients would.
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final List<String> report = new ArrayList<>();

    static String ds;
    static List<Seg> big;
    static List<Seg> small;
    static boolean[] serverEnabled;
    static Connection watch;
    static UnifiedJedis redis;
    static Raw raw;
    static Memory serverAfterSetUp;

    /** A segment as stored; {@code slot} is its place in the baseline's state arrays. */
    record Seg(int slot, String id, String nodeId, String documentId, String content, String keywords) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        long t0 = System.nanoTime();
        ds = api.createDataset("economy");
        String bigDoc = postDocument("big", BIG);
        String smallDoc = postDocument("small", SMALL);
        awaitCompleted(bigDoc);
        awaitCompleted(smallDoc);
        double ingest = seconds(System.nanoTime() - t0);
        watch = Services.db();
        redis = pooledRedis();
        big = new ArrayList<>();
        small = new ArrayList<>();
        try (PreparedStatement ps = watch.prepareStatement("SELECT CAST(id AS varchar), index_node_id,"
                + " CAST(document_id AS varchar), content, keywords FROM document_segments"
                + " WHERE dataset_id = CAST(? AS uuid)"
                + " ORDER BY document_id, position")) {
            ps.setString(1, ds);
            try (ResultSet rs = ps.executeQuery()) {
                List<Seg> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(new Seg(all.size(), rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
                all.forEach(s -> (s.documentId().equals(bigDoc) ? big : small).add(s));
            }
        }
        assertEquals(BIG, big.size());
        assertEquals(SMALL, small.size());
        serverEnabled = new boolean[SMALL];
        Arrays.fill(serverEnabled, true);
        raw = new Raw(Stream.concat(big.stream(), small.stream()).toList());
        serverAfterSetUp = serverMemory();
        note(String.format(Locale.ROOT, "bench set-up: economy dataset, %,d + %,d segments ingested in %.1f s;"
                        + " %d cores; PostgreSQL %s; raw index %,d docs; load1=%.2f", BIG, SMALL, ingest,
                Runtime.getRuntime().availableProcessors(), raw.settings(), raw.docs(), load()));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (watch != null) {
            watch.close();
        }
        if (!report.isEmpty()) {
            Files.write(Path.of("target", "bench-toggles.txt"), report);
        }
    }

    /**
     * {@code -Dbench.only=scaling}: only the scaling figure and memory (e.g. for a run at 100,000); {@code open}: only
     * the open-loop figure; {@code batches}: only 202-to-absence and the batch figures.
     */
    static final String ONLY = System.getProperty("bench.only", "");

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void toggles() throws Exception {
        if (ONLY.equals("open")) {
            openWarmUp();
            for (int clients : OPEN_CLIENTS) {
                openLoop(clients);
            }
            return;
        }
        if (ONLY.equals("batches")) {
            warmUp();
            timeToAbsence(ABSENCE_N, 4);
            batchDisable(1_000, 1);
            batchDisable(10_000, 10);
            return;
        }
        if (!ONLY.equals("scaling")) {
            warmUp();
            patchUnderLoad(16);
            patchUnderLoad(64);
            timeToAbsence(ABSENCE_N, 4);
            batchDisable(1_000, 1);
            batchDisable(10_000, 10);
            openWarmUp();
            for (int clients : OPEN_CLIENTS) {
                openLoop(clients);
            }
        }
        scaling();
        memory();
    }

    /**
     * JIT and connection pools on both sides, so the first measured level does not pay for them: on the server,
     * toggles from 16 clients and disables followed to their end from 4, until its JIT compiler is quiet.
     */
    void warmUp() throws Exception {
        note("warm-up: " + untilJitQuiet(0, () -> {
            run(16, WARM_UP, (client, round) -> serverToggle(pick(client, round, 16, SMALL), new Tally()));
            awaitIdle();
            serverToAbsence(SMALL - 200, 200, 4);
        }));
        raw.reset();
        run(16, WARM_UP, (client, round) -> raw.toggle(client, small.get(pick(client, round, 16, SMALL))));
        raw.reset();
        run(16, WARM_UP, (client, round) -> raw.requestPath(client, small.get(pick(client, round, 16, SMALL))));
        raw.reset();
    }

    /** Figure 1: single PATCHes from {@code clients} threads, each round-robin over its own share of segments. */
    void patchUnderLoad(int clients) throws Exception {
        Tally tally = new Tally();
        Run server = run(clients, CALLS, (c, r) -> serverToggle(pick(c, r, clients, SMALL), tally));
        long callsEnd = server.startNs() + server.wallNs();
        int backlog = unfinishedOperations();
        long idle = awaitIdle();
        long accepted = tally.count(202);
        double acceptedRate = accepted / seconds(server.wallNs());
        double frontRate = tally.acceptedRateBeforeWaiting(server);
        double indexedRate = accepted / seconds(idle - server.startNs());
        double drainRate = backlog / seconds(idle - callsEnd);
        raw.reset();
        Run full = run(clients, CALLS, (c, r) -> raw.toggle(c, small.get(pick(c, r, clients, SMALL))));
        raw.reset();
        Run request = run(clients, CALLS, (c, r) -> raw.requestPath(c, small.get(pick(c, r, clients, SMALL))));
        raw.reset();
        double fullRate = full.count() / seconds(full.wallNs());
        double requestRate = request.count() / seconds(request.wallNs());
        Map<Integer, Long> other = new TreeMap<>();
        tally.statuses().forEach((s, n) -> {
            if (s != 202 && s != 409) {
                other.put(s, n.sum());
            }
        });
        bench(String.format(Locale.ROOT, "PATCH single toggle, %d clients, %,d calls: server %.0f accepted/s"
                        + " (%.0f/s until the first wait; %,d x 202, %,d x 409, other %s; %,d waits for a previous"
                        + " operation, %.1f s in all),"
                        + " PATCH p50 %.1f ms p99 %.1f ms; all indexed at %.0f/s (backlog %,d at the last call,"
                        + " drained at %.0f/s)"
                        + " | raw toggle (SET NX EX + UPDATE + %s + DEL) %.0f/s"
                        + " p50 %.1f ms p99 %.1f ms | raw request path (SET NX EX + UPDATE) %.0f/s p50 %.2f ms"
                        + " p99 %.2f ms | server/raw: accepted/s vs toggle/s %.2f, indexed/s vs toggle/s %.2f,"
                        + " accepted/s until the first wait vs request path/s %.2f, PATCH vs request path p50 %.1fx"
                        + " p99 %.1fx | load1=%.2f",
                clients, server.count(), acceptedRate, frontRate, accepted, tally.count(409), other,
                tally.waits().sum(), tally.waitedMs().sum() / 1e3, server.p(50), server.p(99), indexedRate, backlog,
                drainRate, raw.index.toggleStep(), fullRate, full.p(50), full.p(99), requestRate, request.p(50),
                request.p(99),
                acceptedRate / fullRate, indexedRate / fullRate, frontRate / requestRate, server.p(50) / request.p(50),
                server.p(99) / request.p(99), load()));
    }

    /**
     * Before the first open-loop level: the same three loads, unmeasured, until both JVMs have compiled their hot
     * paths. Without it the first level measured a server still warming up: on one run, 16 clients gave 437
     * accepted/s first and 893/s when run again after the 64-client level (the GET ceiling went from 1,597 to
     * 2,826/s), while the raw transaction, also warming up in this JVM, moved from 2,219 to 2,704/s. A fixed 30 s
     * was not enough either: a profile showed the server's JIT compiler threads using 0.4-0.6 of the two cores
     * through the measured level. So the PATCHes (disables, then enables of the same segments, in turn) go on until
     * the compiler threads use under {@value #JIT_QUIET_CORES} cores over a {@value #JIT_SLICE_SECONDS} s slice.
     */
    void openWarmUp() throws Exception {
        String dataset = api.createDataset("economy");
        List<Seg> segs = bulkLoad(dataset, OPEN_WARM_UP_N, OPEN_WARM_UP_N);
        int clients = OPEN_CLIENTS.stream().max(Integer::compare).orElse(16);
        KeepAliveClient[] conns = new KeepAliveClient[clients];
        Arrays.setAll(conns, i -> new KeepAliveClient(URI.create(Api.BASE), TOKEN));
        AtomicInteger next = new AtomicInteger();
        note("open-loop warm-up: " + untilJitQuiet(OPEN_FIRST_WARM_UP_SECONDS, () -> forEachClientUntil(clients,
                System.nanoTime() + Duration.ofSeconds(JIT_SLICE_SECONDS).toNanos(), client -> {
                    int k = next.getAndIncrement();
                    String action = (k / segs.size()) % 2 == 0 ? "disable" : "enable";
                    // A 409 (the previous pass's toggle of the segment still running) warms up as well.
                    return conns[client].send("PATCH", "/api/v1/datasets/" + dataset + "/segments/"
                            + segs.get(k % segs.size()).id() + "/" + action) > 0;
                })) + String.format(Locale.ROOT, "; %,d PATCHes from %d clients", next.get(), clients));
        forEachClientUntil(clients, System.nanoTime() + Duration.ofSeconds(OPEN_WARM_UP_SECONDS).toNanos(),
                client -> conns[client].send("GET", "/api/v1/datasets/" + dataset) > 0);
        for (KeepAliveClient c : conns) {
            c.close();
        }
        awaitIdle(dataset);
        raw.reset();
        AtomicInteger[] rounds = new AtomicInteger[clients];
        Arrays.setAll(rounds, i -> new AtomicInteger());
        forEachClientUntil(clients, System.nanoTime() + Duration.ofSeconds(OPEN_WARM_UP_SECONDS).toNanos(),
                client -> {
                    raw.toggleTransaction(client, small.get(pick(client, rounds[client].getAndIncrement(), clients,
                            SMALL)));
                    return true;
                });
        raw.reset();
    }

    @FunctionalInterface
    interface Slice {
        void run() throws Exception;
    }

    /**
     * Runs {@code slice} again and again, for at least {@code minSeconds}, until the server's JIT compiler threads
     * used under {@value #JIT_QUIET_CORES} cores over one, or {@link #JIT_WARM_UP_MAX_SECONDS} have passed.
     * Says how long that took and what the compiler used in each slice.
     */
    static String untilJitQuiet(int minSeconds, Slice slice) throws Exception {
        long pid = serverPid();
        long start = System.nanoTime();
        long minEnd = start + Duration.ofSeconds(minSeconds).toNanos();
        long maxEnd = start + Duration.ofSeconds(JIT_WARM_UP_MAX_SECONDS).toNanos();
        List<String> slices = new ArrayList<>();
        double jit;
        do {
            CpuMeter before = CpuMeter.read(pid);
            slice.run();
            jit = before.jitCoresUntil(CpuMeter.read(pid));
            slices.add(String.format(Locale.ROOT, "%.2f", jit));
        } while (System.nanoTime() < maxEnd && (System.nanoTime() < minEnd || jit >= JIT_QUIET_CORES));
        return String.format(Locale.ROOT, "%.0f s, until the server's JIT compiler used under %.2f cores over a"
                        + " slice (%s%s)", seconds(System.nanoTime() - start), JIT_QUIET_CORES,
                String.join(", ", slices), jit >= JIT_QUIET_CORES ? "; still busy at the limit" : "");
    }

    /**
     * Figure 6, open loop: {@code clients} threads send single disables, each to a segment never sent before, with
     * no waits, for {@link #OPEN_SECONDS}; then the backlog drains. Next to it, in the same run: the raw toggle
     * transaction at the same concurrency and for as long (one UPDATE of a segment row and one INSERT of an
     * operation row), and an authenticated GET of the dataset from the same clients, the ceiling of the HTTP,
     * token and JAX-RS path on this machine. Each client holds one keep-alive connection.
     */
    void openLoop(int clients) throws Exception {
        String dataset = api.createDataset("economy");
        List<Seg> segs = bulkLoad(dataset, OPEN_N, OPEN_N);
        KeepAliveClient[] conns = new KeepAliveClient[clients];
        Arrays.setAll(conns, i -> new KeepAliveClient(URI.create(Api.BASE), TOKEN));
        long pid = serverPid();
        try (Statement st = watch.createStatement()) {
            st.execute("VACUUM ANALYZE document_segments"); // what autovacuum would do after the bulk insert
        }
        AtomicInteger next = new AtomicInteger();
        // Warm-up, not measured: the same requests for a few seconds (JIT, pools), then the backlog drains.
        forEachClientUntil(clients, System.nanoTime() + Duration.ofSeconds(OPEN_WARM_UP_SECONDS).toNanos(),
                client -> {
                    int k = next.getAndIncrement();
                    return k < segs.size() && conns[client].send("PATCH", "/api/v1/datasets/" + dataset
                            + "/segments/" + segs.get(k).id() + "/disable") > 0;
                });
        awaitIdle(dataset);
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        Queue<Long> latencies = new ConcurrentLinkedQueue<>();
        CpuMeter before = CpuMeter.read(pid);
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(OPEN_SECONDS).toNanos();
        forEachClientUntil(clients, end, client -> {
            int k = next.getAndIncrement();
            if (k >= segs.size()) {
                return false;
            }
            long t0 = System.nanoTime();
            int status = conns[client].send("PATCH", "/api/v1/datasets/" + dataset + "/segments/" + segs.get(k).id()
                    + "/disable");
            latencies.add(System.nanoTime() - t0);
            statuses.computeIfAbsent(status, x -> new LongAdder()).increment();
            return true;
        });
        long loadEnd = System.nanoTime();
        String cpu = before.coresUntil(CpuMeter.read(pid));
        int backlog = unfinishedOperations(dataset);
        long idle = awaitIdle(dataset);
        long accepted = statuses.getOrDefault(202, new LongAdder()).sum();
        double acceptedRate = accepted / seconds(loadEnd - start);
        double indexedRate = accepted / seconds(idle - start);
        Run patch = Run.of(latencies.stream().mapToLong(Long::longValue).toArray());
        Map<Integer, Long> answers = new TreeMap<>();
        statuses.forEach((st, n) -> answers.put(st, n.sum()));

        AtomicLong gets = new AtomicLong();
        Queue<Long> getLatencies = new ConcurrentLinkedQueue<>();
        CpuMeter getBefore = CpuMeter.read(pid);
        long getStart = System.nanoTime();
        forEachClientUntil(clients, getStart + Duration.ofSeconds(OPEN_SECONDS).toNanos(), client -> {
            long t0 = System.nanoTime();
            if (conns[client].send("GET", "/api/v1/datasets/" + dataset) == 200) {
                gets.incrementAndGet();
            }
            getLatencies.add(System.nanoTime() - t0);
            return true;
        });
        double getRate = gets.get() / seconds(System.nanoTime() - getStart);
        String getCpu = getBefore.coresUntil(CpuMeter.read(pid));
        Run get = Run.of(getLatencies.stream().mapToLong(Long::longValue).toArray());
        for (KeepAliveClient c : conns) {
            c.close();
        }

        raw.reset();
        AtomicLong rawCount = new AtomicLong();
        AtomicInteger[] rounds = new AtomicInteger[clients];
        Arrays.setAll(rounds, i -> new AtomicInteger());
        long rawStart = System.nanoTime();
        forEachClientUntil(clients, rawStart + Duration.ofSeconds(OPEN_SECONDS).toNanos(), client -> {
            raw.toggleTransaction(client, small.get(pick(client, rounds[client].getAndIncrement(), clients, SMALL)));
            rawCount.incrementAndGet();
            return true;
        });
        double rawRate = rawCount.get() / seconds(System.nanoTime() - rawStart);
        raw.reset();
        bench(String.format(Locale.ROOT, "open loop, %d clients, %d s (after %d s of warm-up), distinct segments of a"
                        + " %,d-segment dataset:"
                        + " server %.0f accepted/s (answers %s), PATCH p50 %.1f ms p99 %.1f ms; indexed %.0f/s (202s"
                        + " over load + drain; backlog %,d at the end of the load, drained in %.1f s); %s"
                        + " | raw toggle transaction (UPDATE segment + INSERT operation, one commit) %.0f/s"
                        + " | GET of the dataset, same clients: %.0f/s, p50 %.1f ms p99 %.1f ms; %s"
                        + " | server/raw: accepted %.2f, indexed/accepted %.2f; accepted/GET %.2f | load1=%.2f",
                clients, OPEN_SECONDS, OPEN_WARM_UP_SECONDS, segs.size(), acceptedRate, answers, patch.p(50),
                patch.p(99), indexedRate, backlog, seconds(idle - loadEnd), cpu, rawRate, getRate, get.p(50), get.p(99), getCpu,
                acceptedRate / rawRate, indexedRate / acceptedRate, acceptedRate / getRate, load()));
    }

    static long serverPid() throws IOException {
        return Long.parseLong(Files.readString(Path.of(System.getProperty("it.liberty.home", "target/liberty/wlp"),
                "usr/servers/.pid/segment-index.pid")).trim());
    }

    @FunctionalInterface
    interface Step {
        /** One call of client {@code client}; false when it has nothing more to send. */
        boolean run(int client) throws Exception;
    }

    /** {@code clients} threads, each calling {@code step} back to back until {@code endNs} or it says stop. */
    static void forEachClientUntil(int clients, long endNs, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int client = t;
            threads.add(pool.submit(() -> {
                while (System.nanoTime() < endNs && step.run(client)) {
                    // back to back: an open loop has no think time
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : threads) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Figure 2: from each 202 until the operation has succeeded, which the server records only once the segment is
     * out of the index. The client follows it with one waiting GET (the API's {@code wait_ms}), so no polling loads
     * the two cores the work runs on; each segment's absence is checked afterwards, untimed.
     */
    void timeToAbsence(int n, int clients) throws Exception {
        Queue<String> ops = new ConcurrentLinkedQueue<>();
        Run done = serverToAbsence(0, n, clients, ops);
        String phases = phases(ops);
        raw.reset();
        Queue<Seg> rawTodo = new ConcurrentLinkedQueue<>(small.subList(0, n));
        Run baseline = run(clients, n, (c, r) -> raw.toggle(c, rawTodo.remove()));
        raw.reset();
        bench(String.format(Locale.ROOT, "202 to out of the index, %d disables from %d clients: server (202 to"
                        + " operation succeeded, followed by one waiting GET) p50 %.1f ms p99 %.1f ms (%s) | raw"
                        + " disable (SET NX EX + UPDATE + %s + DEL) p50 %.1f ms p99 %.1f ms | server/raw p50 %.1fx"
                        + " p99 %.1fx | load1=%.2f",
                done.count(), clients, done.p(50), done.p(99), phases, raw.index.toggleStep(), baseline.p(50),
                baseline.p(99), done.p(50) / baseline.p(50), done.p(99) / baseline.p(99), load()));
    }

    Run serverToAbsence(int from, int n, int clients) throws Exception {
        return serverToAbsence(from, n, clients, new ConcurrentLinkedQueue<>());
    }

    /**
     * The server side of figure 2: {@code n} segments of the small document from {@code from} enabled, then each
     * disabled and followed to its end; the operation ids go to {@code ops}. Each client sends over one keep-alive
     * connection of its own ({@link KeepAliveClient}), as the raw side has no HTTP client to pay for. Every
     * segment's absence from the index is checked once all are done, so the check does not load the cores the
     * timed disables run on.
     */
    Run serverToAbsence(int from, int n, int clients, Queue<String> ops) throws Exception {
        List<Seg> segs = small.subList(from, from + n);
        enableAll(segs);
        Queue<Seg> todo = new ConcurrentLinkedQueue<>(segs);
        KeepAliveClient[] conns = new KeepAliveClient[clients];
        Arrays.setAll(conns, i -> new KeepAliveClient(URI.create(Api.BASE), TOKEN));
        Run done;
        try {
            done = run(clients, n, (c, r) -> {
                Seg s = todo.remove();
                KeepAliveClient.Reply reply = conns[c].exchange("PATCH", "/api/v1/datasets/" + ds + "/segments/"
                        + s.id() + "/disable");
                if (reply.status() != 202) {
                    throw new AssertionError("disable of " + s.id() + ": " + reply.status() + " " + reply.body());
                }
                String op = json(reply.body()).getString("operation_id");
                long accepted = System.nanoTime();
                ops.add(op);
                return awaitSucceeded(conns[c], op) - accepted;
            });
        } finally {
            for (KeepAliveClient conn : conns) {
                conn.close();
            }
        }
        long stillIndexed = 0;
        for (Seg s : segs) {
            if (json(send("GET", "/api/v1/datasets/" + ds + "/segments/" + s.id() + "/index").body())
                    .getBoolean("in_index")) {
                stillIndexed++;
            }
        }
        if (stillIndexed > 0) {
            throw new AssertionError(stillIndexed + " segment(s) still in the index after their disable succeeded");
        }
        return done;
    }

    /**
     * Figure 5: the cost of one disable as the index grows. One client disables {@value #SCALE_SAMPLE} segments
     * one after another on the index as set up (12,000 nodes), then again after a dataset of {@code bench.n}
     * segments has been added. The added rows are generated in PostgreSQL and loaded into the index by the
     * server's own reconcile (what an unclean restart does), not through ingestion: this is a bench-only bulk
     * path that keeps the load time small at 100,000 segments.
     */
    void scaling() throws Exception {
        enableAll(small);
        Run before = singleDisables(small.subList(SMALL - 2 * SCALE_SAMPLE, SMALL - SCALE_SAMPLE));
        String scaleDs = api.createDataset("economy");
        long t0 = System.nanoTime();
        List<Seg> loaded = bulkLoad(scaleDs, SCALE_N);
        double loadS = seconds(System.nanoTime() - t0);
        long nodes = 12_000L + SCALE_N;
        Run after = singleDisables(scaleDs, loaded.subList(0, SCALE_SAMPLE));
        note(String.format(Locale.ROOT, "scale set-up: %,d segments generated in PostgreSQL and loaded by reconcile"
                + " in %.1f s; index now ~%,d nodes", SCALE_N, loadS, nodes));
        bench(String.format(Locale.ROOT, "one disable (1 client, 202 to operation succeeded), index 12,000 nodes:"
                        + " p50 %.1f ms p99 %.1f ms | index %,d nodes (dataset of %,d): p50 %.1f ms p99 %.1f ms"
                        + " | growth p50 %.2fx p99 %.2fx (target within 0.75-1.25x) | load1=%.2f", before.p(50),
                before.p(99), nodes, SCALE_N, after.p(50), after.p(99), after.p(50) / before.p(50),
                after.p(99) / before.p(99), load()));
    }

    Run singleDisables(List<Seg> segs) throws Exception {
        return singleDisables(ds, segs);
    }

    /** 202 to "operation succeeded" for each disable, sent one at a time. */
    Run singleDisables(String dataset, List<Seg> segs) throws Exception {
        long[] ns = new long[segs.size()];
        for (int i = 0; i < segs.size(); i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> reply = send("PATCH", "/api/v1/datasets/" + dataset + "/segments/"
                    + segs.get(i).id() + "/disable");
            if (reply.statusCode() != 202) {
                throw new AssertionError("disable: " + reply.statusCode() + " " + reply.body());
            }
            String op = json(reply.body()).getString("operation_id");
            ns[i] = awaitSucceeded(op) - t0;
        }
        return Run.of(ns);
    }

    /** Rows straight into PostgreSQL (one document, {@code n} completed segments), then the server's reconcile. */
    static List<Seg> bulkLoad(String dataset, int n) throws Exception {
        return bulkLoad(dataset, n, SCALE_SAMPLE);
    }

    /**
     * One completed document of {@code n} completed economy segments, generated by PostgreSQL itself: the
     * bench-only bulk path. The index does not hold them until a reconcile loads them. Returns the document id.
     */
    static String insertRows(Connection db, String dataset, int n) throws SQLException {
        String doc = java.util.UUID.randomUUID().toString();
        try (PreparedStatement d = db.prepareStatement("INSERT INTO documents (id, tenant_id, dataset_id, position,"
                + " name, doc_form, indexing_status, word_count, created_by, created_at, updated_at, completed_at)"
                + " VALUES (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), 1, 'scale', 'text_model', 'completed',"
                + " 0, 'bench', now(), now(), now())")) {
            d.setString(1, doc);
            d.setString(2, api.tenant);
            d.setString(3, dataset);
            d.executeUpdate();
        }
        try (PreparedStatement s = db.prepareStatement("INSERT INTO document_segments (id, tenant_id, dataset_id,"
                + " document_id, position, content, word_count, tokens, keywords, index_node_id, index_node_hash,"
                + " status, created_by, created_at, updated_at, completed_at)"
                + " SELECT gen_random_uuid(), CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), g,"
                + " 'scale segment ' || g || ' about topic' || (g % 997) || ' and item' || (g % 89), 7, 7,"
                + " '[\"topic' || (g % 997) || '\"]', CAST(gen_random_uuid() AS varchar), md5(CAST(g AS text)),"
                + " 'completed', 'bench', now(), now(), now() FROM generate_series(1, ?) AS g")) {
            s.setString(1, api.tenant);
            s.setString(2, dataset);
            s.setString(3, doc);
            s.setInt(4, n);
            s.executeUpdate();
        }
        return doc;
    }

    /** Starts a reconcile or reindex of the dataset and waits for its end; returns the operation as it ended. */
    static JsonObject datasetOperation(String dataset, String action, Duration limit) throws Exception {
        String op = json(send("POST", "/api/v1/datasets/" + dataset + "/" + action).body()).getString("operation_id");
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject j = json(send("GET", "/api/v1/operations/" + op).body());
            if (!List.of("queued", "running").contains(j.getString("state"))) {
                return j;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(action + " of dataset " + dataset + " did not end within " + limit);
    }

    /** {@link #bulkLoad(String, int)}, returning the first {@code sample} segments. */
    static List<Seg> bulkLoad(String dataset, int n, int sample) throws Exception {
        String doc = insertRows(watch, dataset, n);
        JsonObject load = datasetOperation(dataset, "reconcile", Duration.ofMinutes(30));
        if (!load.getString("state").equals("succeeded") || load.getInt("repaired") != n) {
            throw new AssertionError("bulk load of " + n + " segments: " + load);
        }
        List<Seg> out = new ArrayList<>();
        try (PreparedStatement ps = watch.prepareStatement("SELECT CAST(id AS varchar), index_node_id FROM"
                + " document_segments WHERE document_id = CAST(? AS uuid) ORDER BY position LIMIT ?")) {
            ps.setString(1, doc);
            ps.setInt(2, sample);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Seg(-1, rs.getString(1), rs.getString(2), doc, "", ""));
                }
            }
        }
        return out;
    }

    /** Where an operation's time went, as the server recorded it: queued, its whole run, and the index call in it. */
    static String phases(Collection<String> ops) throws SQLException {
        String sql = "SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM"
                + " o.started_at - o.created_at) * 1000), percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY"
                + " EXTRACT(EPOCH FROM o.finished_at - o.started_at) * 1000), percentile_cont(ARRAY[0.5, 0.99])"
                + " WITHIN GROUP (ORDER BY i.latency_ms) FROM operations o JOIN operation_items i"
                + " ON i.operation_id = o.id WHERE o.id = ANY (CAST(? AS uuid[]))";
        try (PreparedStatement ps = watch.prepareStatement(sql)) {
            ps.setObject(1, "{" + String.join(",", ops) + "}", Types.OTHER);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Double[] queued = (Double[]) rs.getArray(1).getArray();
                Double[] run = (Double[]) rs.getArray(2).getArray();
                Double[] index = (Double[]) rs.getArray(3).getArray();
                return String.format(Locale.ROOT, "server-side p50/p99: queued %.0f/%.0f ms, task %.0f/%.0f ms,"
                        + " index call in it %.0f/%.0f ms", queued[0], queued[1], run[0], run[1], index[0], index[1]);
            }
        }
    }

    /** Figure 3: {@code n} disables as {@code requests} batch PATCHes sent at once, until every operation succeeded. */
    void batchDisable(int n, int requests) throws Exception {
        List<Seg> segs = big.subList(0, n);
        int per = n / requests;
        ExecutorService senders = Executors.newFixedThreadPool(requests);
        long t0 = System.nanoTime();
        List<Future<String>> sent = new ArrayList<>();
        for (int i = 0; i < n; i += per) {
            List<Seg> part = segs.subList(i, i + per);
            sent.add(senders.submit(() -> {
                HttpResponse<String> reply = send("PATCH", batchPath("disable", part));
                if (reply.statusCode() != 202) {
                    throw new AssertionError("batch disable: " + reply.statusCode() + " " + reply.body());
                }
                return json(reply.body()).getString("operation_id");
            }));
        }
        List<String> ops = new ArrayList<>();
        for (Future<String> f : sent) {
            ops.add(f.get());
        }
        senders.shutdown();
        for (String op : ops) {
            awaitSucceeded(op);
        }
        double server = seconds(System.nanoTime() - t0);
        enableAll(segs);
        raw.reset();
        Raw.Bulk bulk = raw.bulkDisable(segs);
        double baseline = seconds(bulk.total());
        raw.reset();
        bench(String.format(Locale.ROOT, "batch disable of %,d segments (%d PATCH%s of %,d at once): server %.2f s"
                        + " until every operation succeeded (%,.0f segments/s) | raw bulk (pipelined SET NX EX,"
                        + " one UPDATE ... = ANY, %s; chunks of %d, pipelined DEL) %.3f s (%,.0f segments/s;"
                        + " SET %.0f ms, UPDATE %.0f ms, index %.0f ms, DEL %.0f ms) | server/raw %.1fx | load1=%.2f",
                n, requests, requests > 1 ? "es" : "", per, server, n / server, raw.index.bulkStep(), CHUNK, baseline,
                n / baseline,
                bulk.set() / 1e6, bulk.update() / 1e6, bulk.index() / 1e6, bulk.del() / 1e6, server / baseline,
                load()));
    }

    /** Figure 4: what the server holds after the run, next to this JVM, which held the baseline's index and clients. */
    void memory() throws Exception {
        Memory server = serverMemory();
        System.gc();
        Memory self = new Memory(rssKb(ProcessHandle.current().pid()),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        bench(String.format(Locale.ROOT, "memory after the run: server RSS %,d MB, used heap %,d MB (after set-up: RSS"
                        + " %,d MB, heap %,d MB) | raw: this JVM (%s, 64 JDBC connections,"
                        + " Redis pool, HTTP clients) RSS %,d MB, heap %,d MB after GC | server/raw RSS %.1fx"
                        + " | load1=%.2f",
                server.rssKb() / 1024, server.heapBytes() >> 20, serverAfterSetUp.rssKb() / 1024,
                serverAfterSetUp.heapBytes() >> 20, raw.index.holds(), self.rssKb() / 1024, self.heapBytes() >> 20,
                (double) server.rssKb() / self.rssKb(), load()));
    }

    // ---- server side

    /** Toggles one segment of the small document to the opposite of what this client last left it. */
    long serverToggle(int i, Tally tally) throws Exception {
        boolean enable = !serverEnabled[i];
        awaitMarkerGone(small.get(i), tally);
        long t0 = System.nanoTime();
        HttpResponse<String> reply = send("PATCH", "/api/v1/datasets/" + ds + "/segments/" + small.get(i).id()
                + (enable ? "/enable" : "/disable"));
        long end = System.nanoTime();
        tally.statuses().computeIfAbsent(reply.statusCode(), k -> new LongAdder()).increment();
        if (reply.statusCode() == 202) {
            tally.acceptedAt().add(end);
        }
        if (reply.statusCode() == 202 || reply.statusCode() == 200) {
            serverEnabled[i] = enable; // 200 is "unchanged": it already was
        }
        return end - t0;
    }

    /** Answers by status, when each 202 came, and the waits for a previous operation (outside the latency). */
    record Tally(Map<Integer, LongAdder> statuses, Queue<Long> acceptedAt, LongAdder waits, LongAdder waitedMs,
                 AtomicLong firstWait) {
        Tally() {
            this(new ConcurrentHashMap<>(), new ConcurrentLinkedQueue<>(), new LongAdder(), new LongAdder(),
                    new AtomicLong(Long.MAX_VALUE));
        }

        long count(int status) {
            LongAdder n = statuses.get(status);
            return n == null ? 0 : n.sum();
        }

        /** 202s per second from the start until the first call had to wait for the workers. */
        double acceptedRateBeforeWaiting(Run run) {
            long until = Math.min(firstWait.get(), run.startNs() + run.wallNs());
            return acceptedAt.stream().filter(t -> t <= until).count() / seconds(until - run.startNs());
        }
    }

    /** Waits until the segment's previous operation has released its in-flight marker, so the call is no 409. */
    static void awaitMarkerGone(Seg s, Tally tally) throws InterruptedException {
        String key = "segment_" + s.id() + "_indexing";
        if (!redis.exists(key)) {
            return;
        }
        long t0 = System.nanoTime();
        tally.firstWait().accumulateAndGet(t0, Math::min);
        long deadline = t0 + PHASE_LIMIT.toNanos();
        while (redis.exists(key) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        tally.waits().increment();
        tally.waitedMs().add((System.nanoTime() - t0) / 1_000_000);
    }

    /** Puts every given segment back through batch enables and waits until the server is idle. */
    static void enableAll(List<Seg> segs) throws Exception {
        for (int i = 0; i < segs.size(); i += 1000) {
            int status = 0;
            // A 503 (Redis or PostgreSQL slower than the server's bound on a loaded machine) is retried.
            for (int attempt = 0; attempt < 5 && (attempt == 0 || status == 503); attempt++) {
                if (attempt > 0) {
                    Thread.sleep(1000);
                }
                status = send("PATCH", batchPath("enable", segs.subList(i, Math.min(segs.size(), i + 1000))))
                        .statusCode();
            }
            if (status != 202 && status != 200) {
                throw new AssertionError("batch enable answered " + status);
            }
        }
        awaitIdle();
        if (segs.get(0).documentId().equals(small.get(0).documentId())) {
            segs.forEach(seg -> serverEnabled[small.indexOf(seg)] = true);
        }
    }

    /** Until no operation of the dataset is queued or running; returns when that was seen. */
    static long awaitIdle() throws Exception {
        return awaitIdle(ds);
    }

    static long awaitIdle(String dataset) throws Exception {
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (unfinishedOperations(dataset) == 0) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("operations still unfinished after " + PHASE_LIMIT);
    }

    static int unfinishedOperations() throws SQLException {
        return unfinishedOperations(ds);
    }

    static int unfinishedOperations(String dataset) throws SQLException {
        try (PreparedStatement ps = watch.prepareStatement("SELECT COUNT(*) FROM operations WHERE dataset_id ="
                + " CAST(? AS uuid) AND state IN ('queued', 'running')")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Follows an operation with waiting GETs ({@code wait_ms}) until it succeeded; the time of that answer. */
    /** Follows the operation with waiting GETs until it has succeeded; returns the time of that answer. */
    static long awaitSucceeded(String op) throws Exception {
        return awaitSucceeded(op, path -> {
            HttpResponse<String> reply = send("GET", path);
            return new KeepAliveClient.Reply(reply.statusCode(), reply.body());
        });
    }

    /** The same over the caller's own connection. */
    static long awaitSucceeded(KeepAliveClient conn, String op) throws Exception {
        return awaitSucceeded(op, path -> conn.exchange("GET", path));
    }

    @FunctionalInterface
    interface Get {
        KeepAliveClient.Reply get(String path) throws Exception;
    }

    private static long awaitSucceeded(String op, Get get) throws Exception {
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            KeepAliveClient.Reply reply = get.get("/api/v1/operations/" + op + "?wait_ms=30000");
            long at = System.nanoTime();
            if (reply.status() == 200 && done(json(reply.body()), op)) {
                return at;
            }
        }
        throw new AssertionError("operation " + op + " not succeeded after " + PHASE_LIMIT);
    }

    static boolean done(JsonObject op, String id) {
        String state = op.getString("state");
        if (state.equals("failed") || state.equals("partially_failed")) {
            throw new AssertionError("operation " + id + " " + state + ": " + op.getJsonObject("counts"));
        }
        return state.equals("succeeded");
    }

    /** Polls every {@code everyMs} until the answer satisfies {@code until}; returns the time of that answer. */
    static long pollUntil(String path, Predicate<JsonObject> until, long everyMs) throws Exception {
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> reply = send("GET", path);
            long at = System.nanoTime();
            if (reply.statusCode() == 200 && until.test(json(reply.body()))) {
                return at;
            }
            Thread.sleep(everyMs);
        }
        throw new AssertionError("timed out polling " + path);
    }

    static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return send(method, path, "application/json");
    }

    static HttpResponse<String> send(String method, String path, String accept)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Api.BASE + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", accept).header("Authorization", "Bearer " + TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String batchPath(String action, List<Seg> segs) {
        StringBuilder q = new StringBuilder();
        for (Seg s : segs) {
            q.append(q.length() == 0 ? "?" : "&").append("segment_id=").append(s.id());
        }
        return "/api/v1/datasets/" + ds + "/documents/" + segs.get(0).documentId() + "/segment/" + action + q;
    }

    static String postDocument(String name, int segments) {
        Random random = new Random(name.hashCode());
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (int i = 0; i < segments; i++) {
            array.add(Json.createObjectBuilder().add("content", text(i, random)));
        }
        String body = Json.createObjectBuilder().add("name", name).add("doc_form", "text_model")
                .add("segments", array).build().toString();
        return api.post("/api/v1/datasets/" + ds + "/documents", body).expect(201).json().getString("id");
    }

    static void awaitCompleted(String doc) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            String status = api.get("/api/v1/datasets/" + ds + "/documents/" + doc).expect(200).json()
                    .getString("indexing_status");
            if (status.equals("completed")) {
                return;
            }
            if (status.equals("error")) {
                throw new AssertionError("document " + doc + " failed to index");
            }
            Thread.sleep(250);
        }
        throw new AssertionError("document " + doc + " not indexed in 300 s");
    }

    private static final String[] WORDS = ("refund invoice warehouse shipping order customer return policy payment"
            + " delivery account support product price discount contract service warranty report billing team"
            + " schedule review access request update system record status partner region market quality")
            .split(" ");

    /** About 200 characters of plausible text, with terms unique to the segment so that keywords differ. */
    static String text(int i, Random random) {
        StringBuilder b = new StringBuilder("Segment ").append(i).append(" covers topic").append(i % 97)
                .append(" and item").append(i).append(':');
        for (int w = 0; w < 22; w++) {
            b.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return b.append('.').toString();
    }

    // ---- the raw baseline

    /**
     * The same statements the server makes for a toggle, done directly: the server's flip statement on a copy of
     * the dataset's rows (same indexes), the in-flight key in the same Redis, and the index step of the server's
     * backend on an index of the same size and fields ({@link RawIndex}).
     */
    static final class Raw implements AutoCloseable {

        static final String FLIP_OFF = "UPDATE bench_segments SET enabled = false, disabled_at = ?, disabled_by = ?,"
                + " updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ANY (CAST(? AS uuid[]))"
                + " AND tenant_id = CAST(? AS uuid) AND enabled AND status = 'completed'"
                + " RETURNING CAST(id AS varchar), version";
        static final String FLIP_ON = "UPDATE bench_segments SET enabled = true, disabled_at = NULL,"
                + " disabled_by = NULL, updated_at = ?, updated_by = ?, version = version + 1"
                + " WHERE id = ANY (CAST(? AS uuid[])) AND tenant_id = CAST(? AS uuid) AND NOT enabled"
                + " AND status IN ('completed', 'error') RETURNING CAST(id AS varchar), version";
        static final SetParams NX_EX = SetParams.setParams().nx().ex(600);

        final List<Seg> all;
        final boolean[] enabled;
        final boolean[] inIndex;
        final List<Connection> connections = new ArrayList<>();
        final RawIndex index;

        Raw(List<Seg> all) throws Exception {
            this.all = all;
            this.enabled = new boolean[all.size()];
            this.inIndex = new boolean[all.size()];
            Arrays.fill(enabled, true);
            Arrays.fill(inIndex, true);
            for (int i = 0; i < 64; i++) {
                connections.add(Services.db());
            }
            Connection db = connections.get(0);
            try (Statement st = db.createStatement()) {
                st.execute("DROP TABLE IF EXISTS bench_segments");
                // LIKE ... INCLUDING ALL keeps the primary key and the same indexes, so the UPDATE costs the same.
                st.execute("CREATE TABLE bench_segments (LIKE document_segments INCLUDING ALL)");
            }
            try (PreparedStatement copy = db.prepareStatement("INSERT INTO bench_segments SELECT * FROM"
                    + " document_segments WHERE dataset_id = CAST(? AS uuid)")) {
                copy.setString(1, ds);
                copy.executeUpdate();
            }
            try (Statement st = db.createStatement()) {
                st.execute("ANALYZE bench_segments");
                st.execute("DROP TABLE IF EXISTS bench_operations");
                st.execute("CREATE TABLE bench_operations (LIKE operations INCLUDING ALL)");
            }
            index = RawIndex.open(ds, all);
        }

        int docs() throws Exception {
            return index.docs();
        }

        String settings() throws SQLException {
            List<String> out = new ArrayList<>();
            try (Statement st = connections.get(0).createStatement()) {
                for (String name : List.of("synchronous_commit", "fsync", "max_connections")) {
                    try (ResultSet rs = st.executeQuery("SHOW " + name)) {
                        rs.next();
                        out.add(name + "=" + rs.getString(1));
                    }
                }
            }
            return String.join(" ", out);
        }

        /** A full toggle, as the server's request and task do it together. */
        long toggle(int client, Seg s) throws Exception {
            boolean enable = !enabled[s.slot()];
            long t0 = System.nanoTime();
            take(s);
            flip(connections.get(client), List.of(s), enable);
            if (enable) {
                index.add(s);
            } else {
                index.delete(s);
            }
            redis.del(key(s));
            long took = System.nanoTime() - t0;
            enabled[s.slot()] = enable;
            inIndex[s.slot()] = enable;
            return took;
        }

        /** What the server does before it answers 202: take the key and flip the row; the DEL is not timed. */
        long requestPath(int client, Seg s) throws Exception {
            boolean enable = !enabled[s.slot()];
            long t0 = System.nanoTime();
            take(s);
            flip(connections.get(client), List.of(s), enable);
            long took = System.nanoTime() - t0;
            redis.del(key(s));
            enabled[s.slot()] = enable;
            return took;
        }

        static final String INSERT_OPERATION = "INSERT INTO bench_operations (id, tenant_id, dataset_id, action, scope,"
                + " state, requested_by, total, created_at) VALUES (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid),"
                + " ?, 'segment', 'queued', ?, 1, ?)";

        /** The toggle's own transaction, as pgbench would run it: the flip UPDATE and an operation INSERT. */
        void toggleTransaction(int client, Seg s) throws Exception {
            boolean enable = !enabled[s.slot()];
            Connection c = connections.get(client);
            c.setAutoCommit(false);
            try {
                flip(c, List.of(s), enable);
                try (PreparedStatement ps = c.prepareStatement(INSERT_OPERATION)) {
                    ps.setObject(1, java.util.UUID.randomUUID().toString(), Types.OTHER);
                    ps.setObject(2, api.tenant, Types.OTHER);
                    ps.setObject(3, ds, Types.OTHER);
                    ps.setString(4, enable ? "enable" : "disable");
                    ps.setString(5, USER);
                    ps.setObject(6, OffsetDateTime.now());
                    ps.executeUpdate();
                }
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
            enabled[s.slot()] = enable;
        }

        /** Durations in ns of the bulk work's steps. */
        record Bulk(long set, long update, long index, long del) {
            long total() {
                return set + update + index + del;
            }
        }

        /** The batch work in bulk, step by step. */
        Bulk bulkDisable(List<Seg> segs) throws Exception {
            long t0 = System.nanoTime();
            try (AbstractPipeline pipe = redis.pipelined()) {
                List<Response<String>> replies = new ArrayList<>(segs.size());
                for (Seg s : segs) {
                    replies.add(pipe.set(key(s), USER, NX_EX));
                }
                pipe.sync();
                if (replies.stream().anyMatch(r -> !"OK".equals(r.get()))) {
                    throw new IllegalStateException("an in-flight key was already taken");
                }
            }
            long t1 = System.nanoTime();
            flip(connections.get(0), segs, false);
            long t2 = System.nanoTime();
            for (int i = 0; i < segs.size(); i += CHUNK) {
                index.deleteChunk(segs.subList(i, Math.min(segs.size(), i + CHUNK)));
            }
            long t3 = System.nanoTime();
            try (AbstractPipeline pipe = redis.pipelined()) {
                segs.forEach(s -> pipe.del(key(s)));
                pipe.sync();
            }
            long t4 = System.nanoTime();
            segs.forEach(s -> {
                enabled[s.slot()] = false;
                inIndex[s.slot()] = false;
            });
            return new Bulk(t1 - t0, t2 - t1, t3 - t2, t4 - t3);
        }

        /** Everything enabled and in the index again, between passes (not timed). */
        void reset() throws Exception {
            try (Statement st = connections.get(0).createStatement()) {
                st.executeUpdate("UPDATE bench_segments SET enabled = true, disabled_at = NULL, disabled_by = NULL"
                        + " WHERE NOT enabled");
            }
            index.restore(all.stream().filter(s -> !inIndex[s.slot()]).toList());
            Arrays.fill(enabled, true);
            Arrays.fill(inIndex, true);
        }

        private void take(Seg s) {
            if (!"OK".equals(redis.set(key(s), USER, NX_EX))) {
                throw new IllegalStateException("in-flight key already taken for " + s.id());
            }
        }

        private void flip(Connection c, List<Seg> segs, boolean enable) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(enable ? FLIP_ON : FLIP_OFF)) {
                OffsetDateTime now = OffsetDateTime.now();
                int p = 1;
                if (!enable) {
                    ps.setObject(p++, now);
                    ps.setString(p++, USER);
                }
                ps.setObject(p++, now);
                ps.setString(p++, USER);
                // Untyped, as the server's data source sends strings (stringType=unspecified): a varchar here
                // would make CAST(? AS uuid[]) a per-row coercion instead of a constant.
                ps.setObject(p++, "{" + String.join(",", segs.stream().map(Seg::id).toList()) + "}", Types.OTHER);
                ps.setObject(p, api.tenant, Types.OTHER);
                int flipped = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        flipped++;
                    }
                }
                if (flipped != segs.size()) {
                    throw new IllegalStateException("flipped " + flipped + " of " + segs.size());
                }
            }
        }

        // Not the server's key names, so that the baseline can never collide with a server marker.
        static String key(Seg s) {
            return "bench_segment_" + s.id() + "_indexing";
        }

        @Override
        public void close() throws Exception {
            try (AbstractPipeline pipe = redis.pipelined()) {
                all.forEach(s -> pipe.del(key(s)));
                pipe.sync();
            }
            index.close();
            try (Statement st = connections.get(0).createStatement()) {
                st.execute("DROP TABLE IF EXISTS bench_segments");
                st.execute("DROP TABLE IF EXISTS bench_operations");
            }
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    // ---- measuring

    @FunctionalInterface
    interface Call {
        /** One call by client {@code client}, its {@code round}-th; returns the latency to record, in ns. */
        long run(int client, int round) throws Exception;
    }

    /** Latencies of the calls of one pass, its start and wall time. */
    record Run(long startNs, long wallNs, long[] sortedNs) {
        static Run of(long[] ns) {
            long[] sorted = ns.clone();
            Arrays.sort(sorted);
            return new Run(0, 0, sorted);
        }

        int count() {
            return sortedNs.length;
        }

        /** Nearest-rank percentile, in ms. */
        double p(int percentile) {
            int rank = (int) Math.ceil(percentile / 100.0 * sortedNs.length);
            return sortedNs[Math.max(0, rank - 1)] / 1e6;
        }
    }

    /** {@code calls} calls shared by {@code clients} threads, each drawing the next until all are made. */
    static Run run(int clients, int calls, Call call) throws Exception {
        long[] latencies = new long[calls];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long deadline = start + PHASE_LIMIT.toNanos();
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int client = t;
            threads.add(pool.submit(() -> {
                int k;
                for (int round = 0; (k = next.getAndIncrement()) < calls && System.nanoTime() < deadline; round++) {
                    latencies[k] = call.run(client, round);
                    made.incrementAndGet();
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : threads) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long wall = System.nanoTime() - start;
        long[] sorted = Arrays.copyOf(latencies, Math.min(calls, next.get()));
        sorted = Arrays.stream(sorted).filter(ns -> ns > 0).sorted().toArray();
        if (sorted.length != made.get()) {
            throw new AssertionError("lost latencies: " + sorted.length + " of " + made.get());
        }
        return new Run(start, wall, sorted);
    }

    /** Client {@code client}'s {@code round}-th segment: its own share (every clients-th one), round-robin. */
    static int pick(int client, int round, int clients, int n) {
        int share = (n - client + clients - 1) / clients;
        return client + clients * (round % share);
    }

    record Memory(long rssKb, long heapBytes) {
    }

    static Memory serverMemory() throws Exception {
        long pid = serverPid();
        String metrics = send("GET", "/metrics?scope=base", "text/plain").body();
        Matcher m = Pattern.compile("(?m)^memory_usedHeap_bytes\\{[^}]*}\\s+(\\S+)").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("memory_usedHeap_bytes not in /metrics");
        }
        return new Memory(rssKb(pid), (long) Double.parseDouble(m.group(1)));
    }

    /** Services.redis() has the client's default pool of 8; the server's is 32, and a client here needs one each. */
    static UnifiedJedis pooledRedis() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(64);
        pool.setMaxIdle(64);
        URI url = URI.create(System.getenv().getOrDefault("REDIS_URL",
                "redis://127.0.0.1:" + System.getProperty("devservices.redis.port", "63799")));
        return RedisClient.builder().hostAndPort(url.getHost(), url.getPort()).poolConfig(pool).build();
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static double seconds(long ns) {
        return ns / 1e9;
    }

    static JsonObject json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    static void bench(String line) {
        note("BENCH " + line);
    }

    static void note(String line) {
        System.out.println(line);
        report.add(line);
    }
}
