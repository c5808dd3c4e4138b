package io.segmentindex.indexing;

import io.segmentindex.indexing.SegmentIndex.TextField;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every backend of the index port must do, run against each real backend by a subclass. Dataset ids are
 * fresh per test, so a backend may keep one index (or one collection) for the whole class.
 */
public abstract class SegmentIndexContract {

    /** The MiniLM dimension; the Solr schema fixes it. */
    protected static final int DIM = 384;

    private String run;

    /** The backend under test, ready for writes. */
    protected abstract SegmentIndex index();

    @BeforeEach
    void freshIds() {
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    protected String ds(String name) {
        return run + "-" + name;
    }

    /** Every node of a dataset with its segment, listed in pages of three, each page in the port's order. */
    private Map<String, String> nodes(String ds) {
        Map<String, String> out = new LinkedHashMap<>();
        String after = "";
        for (List<String> page = index().nodeIdsAfter(ds, after, 3); !page.isEmpty();
             page = index().nodeIdsAfter(ds, after, 3)) {
            Map<String, String> segments = index().segmentsOf(ds, page);
            for (String id : page) {
                assertTrue(IndexedNode.compareIds(after, id) < 0, "pages in order: " + after + " < " + id);
                out.put(id, segments.get(id));
                after = id;
            }
        }
        return out;
    }


    @Test
    void vectorSearchIsScopedToTheDatasetAndHonoursExclusions() {
        String ds1 = ds("ds1");
        index().upsert(ds1, List.of(node("n1", "s1", "d1", "red apples", axis(0)),
                node("n2", "s2", "d1", "green pears", axis(1)),
                node("n3", "s3", "d2", "yellow bananas", near(axis(0)))));
        index().upsert(ds("ds2"), List.of(node("x1", "t1", "e1", "red apples", axis(0))));

        List<IndexHit> hits = index().vectorSearch(ds1, axis(0), 2, Exclusions.NONE);
        assertEquals(List.of("s1", "s3"), segments(hits));
        assertEquals("n1", hits.get(0).nodeId());
        assertEquals(1.0, hits.get(0).score(), 1e-5, "cosine of identical unit vectors");

        hits = index().vectorSearch(ds1, axis(0), 2, new Exclusions(Set.of("s1"), Set.of()));
        assertEquals(List.of("s3", "s2"), segments(hits), "an excluded segment does not use up a slot of top_k");
        hits = index().vectorSearch(ds1, axis(0), 3, new Exclusions(Set.of(), Set.of("d2")));
        assertEquals(List.of("s1", "s2"), segments(hits));
        hits = index().vectorSearch(ds1, axis(0), 3, new Exclusions(Set.of("s2"), Set.of("d2")));
        assertEquals(List.of("s1"), segments(hits));
    }

    @Test
    void vectorSearchSkipsKeywordOnlyNodes() {
        String ds = ds("mixed");
        index().upsert(ds, List.of(node("v", "s1", "d", "with a vector", axis(3)),
                IndexNode.of("k", "s2", "d", "economy node without a vector", List.of("economy"), null)));
        assertEquals(List.of("s1"), segments(index().vectorSearch(ds, axis(3), 5, Exclusions.NONE)));
        assertEquals(List.of("s2"), segments(index().textSearch(ds, TextField.KEYWORDS, "economy", 5,
                Exclusions.NONE)));
    }

    @Test
    void textSearchUsesBm25OverContentOrKeywords() {
        String ds = ds("text");
        index().upsert(ds, List.of(
                IndexNode.of("n1", "s1", "d", "the refund policy allows returns", List.of("money"), null),
                IndexNode.of("n2", "s2", "d", "shipping takes five days", List.of("delivery"), null),
                IndexNode.of("n3", "s3", "d", "a refund for refund requests: refund rules", List.of(), null)));
        index().upsert(ds("other"), List.of(IndexNode.of("o1", "t1", "d", "refund", List.of(), null)));
        assertEquals(List.of("s3", "s1"), segments(index().textSearch(ds, TextField.CONTENT, "refund", 5,
                Exclusions.NONE)), "more occurrences in a shorter field rank higher");
        assertEquals("s2", index().textSearch(ds, TextField.KEYWORDS, "delivery", 5, Exclusions.NONE).get(0)
                .segmentId());
        assertTrue(index().textSearch(ds, TextField.KEYWORDS, "refund", 5, Exclusions.NONE).isEmpty());
        assertTrue(index().textSearch(ds, TextField.CONTENT, "the", 5, Exclusions.NONE).isEmpty(), "stop words");
        assertTrue(index().textSearch(ds, TextField.CONTENT, "   ", 5, Exclusions.NONE).isEmpty());
        assertEquals(List.of("s1", "s2"), segments(index().textSearch(ds, TextField.CONTENT,
                "Returns: (SHIPPING) AND \"policy\"?", 5, Exclusions.NONE)), "query syntax is plain text, any word");
        double score = index().textSearch(ds, TextField.CONTENT, "refund", 5, Exclusions.NONE).get(0).score();
        assertTrue(score > 0 && score < 1, "BM25 squashed into (0, 1): " + score);
        assertEquals(List.of("s1"), segments(index().textSearch(ds, TextField.CONTENT, "refund", 1,
                new Exclusions(Set.of("s3"), Set.of()))), "exclusions apply to text search, top_k still filled");
        assertTrue(index().textSearch(ds, TextField.CONTENT, "refund", 5, new Exclusions(Set.of(), Set.of("d")))
                .isEmpty());
    }

    @Test
    void deleteRemovesOnlyTheNamedNodesOfTheDataset() {
        String ds1 = ds("ds1");
        String ds2 = ds("ds2");
        index().upsert(ds1, List.of(node("n1", "s1", "d", "a", axis(0)), node("n2", "s2", "d", "b", axis(1))));
        index().upsert(ds2, List.of(node("n3", "s3", "d", "c", axis(0))));
        index().delete(ds2, List.of("n1"));
        assertEquals(Set.of("n1", "n2"), index().presentNodeIds(ds1, List.of("n1", "n2", "n3")));
        index().delete(ds1, List.of("n1", "missing"));
        assertEquals(Set.of("n2"), index().presentNodeIds(ds1, List.of("n1", "n2")));
        assertEquals(1, index().count(ds1));
        assertEquals(List.of("s2"), segments(index().vectorSearch(ds1, axis(0), 5, Exclusions.NONE)),
                "a deleted node is gone from searches as soon as delete returns");
        index().deleteDataset(ds1);
        assertEquals(0, index().count(ds1));
        assertEquals(1, index().count(ds2));
        index().delete(ds1, List.of());
        assertEquals(Set.of(), index().presentNodeIds(ds1, List.of()));
    }

    @Test
    void deletingAParentRemovesItsChildren() {
        String ds = ds("tree");
        index().upsert(ds, List.of(
                node("p1", "s1", "d", "payment terms", axis(0)),
                new IndexNode("c1", "p1", "s1", "d", "invoices are due in thirty days", List.of(), axis(1)),
                new IndexNode("c2", "p1", "s1", "d", "late fees are two percent", List.of(), axis(2)),
                new IndexNode("c3", "p2", "s2", "d", "another parent's child", List.of(), axis(1))));
        assertEquals(Map.of("p1", "s1", "c1", "s1", "c2", "s1", "c3", "s2"), nodes(ds));
        assertEquals(List.of("s1"), segments(index().vectorSearch(ds, axis(2), 1, Exclusions.NONE)),
                "a child stands for its parent's segment");
        index().delete(ds, List.of("p1"));
        assertEquals(Map.of("c3", "s2"), nodes(ds));
        assertEquals(1, index().count(ds));
    }

    @Test
    void deleteDocumentRemovesEveryNodeOfThatDocumentOnly() {
        String ds = ds("docs");
        index().upsert(ds, List.of(node("a1", "s1", "doc-a", "alpha", axis(0)),
                node("a2", "s2", "doc-a", "alpha two", axis(1)),
                node("b1", "s3", "doc-b", "beta", axis(2))));
        index().upsert(ds("elsewhere"), List.of(node("a9", "s9", "doc-a", "same document id, other dataset",
                axis(0))));
        index().deleteDocument(ds, "doc-a");
        assertEquals(Map.of("b1", "s3"), nodes(ds));
        assertEquals(1, index().count(ds("elsewhere")));
    }

    @Test
    void nodesArePagedInByteOrderAfterAGivenIdWithinTheDatasetOnly() {
        String ds = ds("pages");
        // Byte order, not a collation: digits before capitals before small letters, and U+00E9 (two UTF-8
        // bytes) after 'z'.
        List<String> ids = List.of(run + "-0", run + "-9", run + "-A", run + "-Z", run + "-a", run + "-z",
                run + "-\u00e9");
        List<String> written = new ArrayList<>(ids);
        Collections.shuffle(written, new Random(7));
        index().upsert(ds, written.stream().map(id -> node(id, "s" + id, "d", "text", null)).toList());
        index().upsert(ds("other"), List.of(node(run + "-5", "t", "d", "another dataset's node", null),
                node(run + "-b", "t", "d", "another dataset's node", null)));
        index().delete(ds, List.of(run + "-A"));
        List<String> live = ids.stream().filter(id -> !id.endsWith("-A")).toList();

        assertEquals(live.subList(0, 2), (index().nodeIdsAfter(ds, "", 2)));
        assertEquals(live.subList(2, 5), (index().nodeIdsAfter(ds, live.get(1), 3)),
                "the listing starts after the given id, not at it");
        assertEquals(live.subList(2, 5), (index().nodeIdsAfter(ds, run + "-B", 3)),
                "an id the index does not hold is a valid place to start after");
        assertEquals(live.subList(5, 6), (index().nodeIdsAfter(ds, live.get(4), 10)));
        assertEquals(List.of(), index().nodeIdsAfter(ds, live.get(5), 10));
        assertEquals(List.of(), index().nodeIdsAfter(ds("empty"), "", 10));
        assertEquals(Map.of(live.get(0), "s" + live.get(0)), index().segmentsOf(ds, List.of(live.get(0), run + "-A",
                run + "-5")), "only what this dataset holds now");
    }

    @Test
    void upsertReplacesANodeInsteadOfDuplicatingIt() {
        String ds = ds("replace");
        index().upsert(ds, List.of(node("n1", "s1", "d", "first", axis(0))));
        index().upsert(ds, List.of(node("n1", "s1", "d", "second", axis(1))));
        assertEquals(1, index().count(ds));
        assertTrue(index().textSearch(ds, TextField.CONTENT, "first", 5, Exclusions.NONE).isEmpty());
        assertEquals("s1", index().textSearch(ds, TextField.CONTENT, "second", 5, Exclusions.NONE).get(0)
                .segmentId());
    }

    @Test
    void largeLoadsAndDeletesGoThroughInBatchesAndAreCountedForTheReconciler() {
        String ds = ds("bulk");
        int n = 1_234;
        List<IndexNode> nodes = IntStream.range(0, n)
                .mapToObj(i -> node("n" + i, "s" + i, "d" + (i % 7), "bulk text " + i, i % 10 == 0 ? axis(i % DIM) : null))
                .toList();
        index().upsert(ds, nodes);
        assertEquals(n, index().count(ds));
        Map<String, String> expected = nodes.stream()
                .collect(Collectors.toMap(IndexNode::nodeId, IndexNode::segmentId));
        assertEquals(expected, nodes(ds));

        List<String> gone = IntStream.range(0, n).filter(i -> i % 2 == 0).mapToObj(i -> "n" + i).toList();
        index().delete(ds, gone);
        assertEquals(n / 2, index().count(ds));
        List<String> asked = IntStream.range(0, n).mapToObj(i -> "n" + i).toList();
        Set<String> present = index().presentNodeIds(ds, asked);
        assertEquals(n / 2, present.size());
        assertTrue(present.stream().noneMatch(gone::contains));
    }

    @Test
    void concurrentWritersAllLand() throws Exception {
        String ds = ds("concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    String id = thread + "-" + i;
                    index().upsert(ds, List.of(node(id, id, "d", "text " + id, axis(i % 4))));
                    if (i % 5 == 0) {
                        index().delete(ds, List.of(id));
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(8 * 8, index().count(ds));
    }

    @Test
    void isHealthyWhileOpen() {
        assertTrue(index().isHealthy());
        assertTrue(!index().isBroken());
    }

    protected static IndexNode node(String nodeId, String segmentId, String documentId, String text, float[] v) {
        return IndexNode.of(nodeId, segmentId, documentId, text, List.of(), v);
    }

    protected static float[] axis(int i) {
        float[] v = new float[DIM];
        v[i] = 1f;
        return v;
    }

    private static float[] near(float[] v) {
        float[] out = v.clone();
        Random r = new Random(1);
        for (int i = 0; i < 8; i++) {
            out[i] += 0.2f * r.nextFloat();
        }
        return out;
    }

    protected static List<String> segments(List<IndexHit> hits) {
        return hits.stream().map(IndexHit::segmentId).toList();
    }
}
