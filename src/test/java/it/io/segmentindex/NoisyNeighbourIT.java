package it.io.segmentindex;

import io.segmentindex.knowledge.StorableText;
import io.segmentindex.testing.HostileText;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One tenant sends 500 bad requests (generated hostile text that must be refused) from 16 threads; meanwhile
 * another tenant, a client process of its own ({@link QuietReader}), keeps reading. Its reads must fare no worse
 * than during an equal barrage of good requests from the same tenant, measured just before in the same run: p95
 * under twice that p95 (and never held to less than 300 ms), the slowest read under 1.5 s.
 * Before hostile text was refused up front, one NUL in a name held a pooled connection for ten seconds.
 */
class NoisyNeighbourIT {

    static final int BARRAGE_REQUESTS = 500;
    static final int BARRAGE_THREADS = 16;
    // p95, not p99: the barrage lasts a few seconds, so p99 of its reads is their maximum, and one scheduling
    // hiccup of a shared machine would decide it. The maximum has its own bound, far below the old 10 s stall.
    // Sixteen senders share two cores with the reader, so a good barrage alone costs the reader a few hundred ms:
    // the bound is that cost, measured in the same run, not a fixed figure the machine's load would decide.
    static final long P95_FLOOR_MS = 300;
    static final long P95_OVER_GOOD_BARRAGE = 2;
    static final long MAX_LIMIT_MS = 1500;

    @Test
    void anotherTenantsReadsStayFast() throws Exception {
        HostileInputIT.Fixture noisy = new HostileInputIT.Fixture();
        List<HostileInputIT.Target> targets = HostileInputIT.targets(noisy);
        Api quiet = new Api();
        String ds = quiet.createDataset("economy");
        String doc = quiet.addDocument(ds, "quiet tenant text", "more of it");

        // One round of every hostile route first: the figure is about sharing the server, not about compiling it.
        Random random = new Random(42);
        HostileText.any().sampleStream().limit(2L * targets.size()).forEach(v ->
                targets.get(random.nextInt(targets.size())).send(v));
        // Bad requests only: text that must be refused (valid text would be ordinary load, shared by turns anyway).
        List<HostileInputIT.Call> bad = HostileText.any().sampleStream().filter(NoisyNeighbourIT::mustBeRefused)
                .limit(BARRAGE_REQUESTS).map(v -> targets.get(random.nextInt(targets.size())).prepare().apply(v))
                .toList();
        // The same number of good requests of the same tenant: reads of its own dataset and segments.
        List<HostileInputIT.Call> good = IntStream.range(0, BARRAGE_REQUESTS).mapToObj(i ->
                HostileInputIT.get(noisy.api, i % 2 == 0 ? "/api/v1/datasets/" + noisy.ds
                        : "/api/v1/datasets/" + noisy.ds + "/documents/" + noisy.doc + "/segments?limit=20"))
                .toList();

        Process reader = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of("target/test-classes").toAbsolutePath().toString(), QuietReader.class.getName(),
                Api.BASE, quiet.token(), "/api/v1/datasets/" + ds,
                "/api/v1/datasets/" + ds + "/documents/" + doc + "/segments?limit=20")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(reader.getInputStream(),
                StandardCharsets.UTF_8));
        List<Long> baseline = latencies(lines.readLine(), "quiet");
        OutputStream marks = reader.getOutputStream();

        Barrage goodBarrage = barrage(good, marks, lines);
        ServerLog log = ServerLog.mark();
        Barrage badBarrage = barrage(bad, marks, lines);
        marks.write('q');
        marks.close();
        assertTrue(reader.waitFor(30, TimeUnit.SECONDS));

        System.out.printf("NoisyNeighbourIT: the other tenant's reads (GET of its dataset or a page of segments,"
                        + " from its own process): quiet p50 %d ms p99 %d ms (n=%d); %d good requests from %d"
                        + " threads in %d ms, answers %s: %s; %d bad requests in %d ms, answers %s: %s%n",
                pct(baseline, 50), pct(baseline, 99), baseline.size(), BARRAGE_REQUESTS, BARRAGE_THREADS,
                goodBarrage.millis(), goodBarrage.answers(), goodBarrage.readsSummary(), BARRAGE_REQUESTS,
                badBarrage.millis(), badBarrage.answers(), badBarrage.readsSummary());
        assertEquals(Map.of(200, BARRAGE_REQUESTS), goodBarrage.answers(), "the good barrage's answers");
        assertEquals(BARRAGE_REQUESTS, badBarrage.answers().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(badBarrage.answers().keySet().stream().allMatch(s -> s < 500),
                () -> "a 5xx: " + badBarrage.answers());
        assertTrue(badBarrage.answers().keySet().stream().allMatch(s -> s >= 400),
                () -> "a bad request accepted: " + badBarrage.answers());
        List<Long> during = badBarrage.reads();
        assertTrue(goodBarrage.reads().size() >= 10 && during.size() >= 10,
                () -> "the reads ran during both barrages: " + goodBarrage.reads().size() + ", " + during.size());
        long p95Limit = Math.max(P95_FLOOR_MS, P95_OVER_GOOD_BARRAGE * pct(goodBarrage.reads(), 95));
        assertTrue(pct(during, 95) < p95Limit,
                () -> "p95 of the other tenant's reads: " + pct(during, 95) + " ms (limit " + p95Limit + " ms)");
        assertTrue(Collections.max(during) < MAX_LIMIT_MS,
                () -> "slowest read of the other tenant: " + Collections.max(during) + " ms");
        assertEquals(List.of(), log.errors(), "lines at ERROR");
        assertEquals(List.of(), log.incidents(), "FFDC incidents");
    }

    /** How a barrage went: its length, each status's count, and the other tenant's reads meanwhile. */
    record Barrage(long millis, Map<Integer, Integer> answers, List<Long> reads) {
        String readsSummary() {
            return String.format("reads p50 %d ms p95 %d ms max %d ms (n=%d)", pct(reads, 50), pct(reads, 95),
                    Collections.max(reads), reads.size());
        }
    }

    /** Sends the calls from {@value #BARRAGE_THREADS} threads, then has the reader close its series of reads. */
    static Barrage barrage(List<HostileInputIT.Call> calls, OutputStream marks, BufferedReader lines)
            throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(BARRAGE_THREADS);
        ConcurrentHashMap<Integer, Integer> answers = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (HostileInputIT.Call call : calls) {
                sent.add(senders.submit(() -> answers.merge(send(call), 1, Integer::sum)));
            }
            for (Future<?> f : sent) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdown();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        marks.write('\n');
        marks.flush();
        return new Barrage(millis, new TreeMap<>(answers), latencies(lines.readLine(), "during"));
    }

    /**
     * Sends the call over a plain socket and reads the status: a load generator that costs little CPU, so that on a
     * shared machine the figure is about the server, not about this JVM's HTTP client.
     */
    static int send(HostileInputIT.Call call) throws IOException {
        URI base = URI.create(Api.BASE);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            byte[] body = call.body() == null ? new byte[0] : call.body();
            String head = call.method() + " " + call.path() + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Authorization: Bearer " + call.api().token() + "\r\nAccept: application/json\r\n"
                    + (call.body() == null ? "" : "Content-Type: application/json\r\n")
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            byte[] answer = socket.getInputStream().readAllBytes();
            String status = new String(answer, 0, Math.min(answer.length, 12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    static boolean mustBeRefused(HostileText value) {
        return value.text() == null || StorableText.flaw(value.text()).isPresent() || value.kind().equals("huge");
    }

    static List<Long> latencies(String line, String label) {
        assertTrue(line != null && line.startsWith(label + " "), () -> "the reader said: " + line);
        return Arrays.stream(line.substring(label.length() + 1).split(",")).map(Long::valueOf).toList();
    }

    static long pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
