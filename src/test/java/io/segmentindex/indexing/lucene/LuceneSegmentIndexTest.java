package io.segmentindex.indexing.lucene;

import io.segmentindex.indexing.Exclusions;
import io.segmentindex.indexing.IndexHit;
import io.segmentindex.indexing.IndexNode;
import io.segmentindex.indexing.SegmentIndex.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter against a real Lucene index in a temporary folder. */
class LuceneSegmentIndexTest {

    @TempDir
    Path dir;

    private LuceneSegmentIndex index;

    @BeforeEach
    void open() {
        index = new LuceneSegmentIndex(dir, 50);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    @Test
    void vectorSearchIsScopedToTheDatasetAndHonoursExclusions() {
        index.upsert("ds1", List.of(node("n1", "s1", "d1", "red apples", axis(0)),
                node("n2", "s2", "d1", "green pears", axis(1)),
                node("n3", "s3", "d2", "yellow bananas", near(axis(0)))));
        index.upsert("ds2", List.of(node("x1", "t1", "e1", "red apples", axis(0))));

        List<IndexHit> hits = index.vectorSearch("ds1", axis(0), 2, Exclusions.NONE);
        assertEquals(List.of("s1", "s3"), hits.stream().map(IndexHit::segmentId).toList());
        assertEquals(1.0, hits.get(0).score(), 1e-5, "cosine of identical unit vectors");

        hits = index.vectorSearch("ds1", axis(0), 2, new Exclusions(Set.of("s1"), Set.of()));
        assertEquals(List.of("s3", "s2"), hits.stream().map(IndexHit::segmentId).toList(),
                "an excluded segment does not use up a slot of top_k");
        hits = index.vectorSearch("ds1", axis(0), 3, new Exclusions(Set.of(), Set.of("d2")));
        assertEquals(List.of("s1", "s2"), hits.stream().map(IndexHit::segmentId).toList());
    }

    @Test
    void textSearchUsesBm25OverContentOrKeywords() {
        index.upsert("ds", List.of(
                IndexNode.of("n1", "s1", "d", "the refund policy allows returns", List.of("money"), null),
                IndexNode.of("n2", "s2", "d", "shipping takes five days", List.of("delivery"), null)));
        assertEquals("s1", index.textSearch("ds", TextField.CONTENT, "refund", 5, Exclusions.NONE).get(0).segmentId());
        assertEquals("s2", index.textSearch("ds", TextField.KEYWORDS, "delivery", 5, Exclusions.NONE).get(0)
                .segmentId());
        assertTrue(index.textSearch("ds", TextField.KEYWORDS, "refund", 5, Exclusions.NONE).isEmpty());
        assertTrue(index.textSearch("ds", TextField.CONTENT, "the", 5, Exclusions.NONE).isEmpty(), "stop words");
        double score = index.textSearch("ds", TextField.CONTENT, "refund", 5, Exclusions.NONE).get(0).score();
        assertTrue(score > 0 && score < 1, "BM25 squashed into (0, 1): " + score);
    }

    @Test
    void deleteRemovesOnlyTheNamedNodesOfTheDataset() {
        index.upsert("ds1", List.of(node("n1", "s1", "d", "a", axis(0)), node("n2", "s2", "d", "b", axis(1))));
        index.upsert("ds2", List.of(node("n3", "s3", "d", "c", axis(0))));
        index.delete("ds2", List.of("n1"));
        assertEquals(Set.of("n1", "n2"), index.presentNodeIds("ds1", List.of("n1", "n2", "n3")));
        index.delete("ds1", List.of("n1", "missing"));
        assertEquals(Set.of("n2"), index.presentNodeIds("ds1", List.of("n1", "n2")));
        assertEquals(1, index.count("ds1"));
        index.deleteDataset("ds1");
        assertEquals(0, index.count("ds1"));
        assertEquals(1, index.count("ds2"));
    }

    @Test
    void upsertReplacesANodeInsteadOfDuplicatingIt() {
        index.upsert("ds", List.of(node("n1", "s1", "d", "first", axis(0))));
        index.upsert("ds", List.of(node("n1", "s1", "d", "second", axis(1))));
        assertEquals(1, index.count("ds"));
        assertTrue(index.textSearch("ds", TextField.CONTENT, "first", 5, Exclusions.NONE).isEmpty());
    }

    @Test
    void writesAreDurableAcrossAReopen() throws Exception {
        index.upsert("ds", List.of(node("n1", "s1", "d", "kept", axis(0))));
        index.close();
        index = new LuceneSegmentIndex(dir, 50);
        assertEquals(Set.of("n1"), index.presentNodeIds("ds", List.of("n1")));
    }

    @Test
    void withACommitIntervalWritesAreVisibleAtOnceAndACleanCloseIsRecorded() throws Exception {
        index.close();
        index = new LuceneSegmentIndex(dir, 50, 60_000);
        index.upsert("ds", List.of(node("n1", "s1", "d", "visible", axis(0))));
        assertEquals(Set.of("n1"), index.presentNodeIds("ds", List.of("n1")));
        index.close();
        index = new LuceneSegmentIndex(dir, 50, 60_000);
        assertTrue(index.uncleanStop().isEmpty(), "closed cleanly");
        assertEquals(Set.of("n1"), index.presentNodeIds("ds", List.of("n1")));
    }

    @Test
    void aCrashKeepsTheLastCommitAndIsReportedAsAnUncleanStop(@TempDir Path crashed) throws Exception {
        index.close();
        index = new LuceneSegmentIndex(dir, 50, 60_000);
        index.upsert("ds", List.of(node("n1", "s1", "d", "committed", axis(0))));
        long beforeCommit = System.currentTimeMillis();
        index.commit();
        long afterCommit = System.currentTimeMillis();
        index.delete("ds", List.of("n1"));
        index.upsert("ds", List.of(node("n2", "s2", "d", "not committed", axis(1))));
        // The files as a kill would leave them: the writer never closed.
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, crashed.resolve(f.getFileName()));
            }
        }
        try (LuceneSegmentIndex reopened = new LuceneSegmentIndex(crashed, 50, 60_000)) {
            long since = reopened.uncleanStop().orElseThrow().toEpochMilli();
            assertTrue(since >= beforeCommit && since <= afterCommit, "the last commit's start: " + since);
            assertEquals(Set.of("n1"), reopened.presentNodeIds("ds", List.of("n1", "n2")));
        }
    }

    @Test
    void aFreshIndexIsNoUncleanStop() {
        assertTrue(index.uncleanStop().isEmpty());
    }

    @Test
    void concurrentWritersAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    String id = thread + "-" + i;
                    index.upsert("ds", List.of(node(id, id, "d", "text " + id, axis(i % 4))));
                    if (i % 5 == 0) {
                        index.delete("ds", List.of(id));
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(8 * 8, index.count("ds"));
    }

    private static IndexNode node(String nodeId, String segmentId, String documentId, String text, float[] v) {
        return IndexNode.of(nodeId, segmentId, documentId, text, List.of(), v);
    }

    private static float[] axis(int i) {
        float[] v = new float[8];
        v[i] = 1f;
        return v;
    }

    private static float[] near(float[] v) {
        float[] out = v.clone();
        Random r = new Random(1);
        for (int i = 0; i < out.length; i++) {
            out[i] += 0.2f * r.nextFloat();
        }
        return out;
    }
}
