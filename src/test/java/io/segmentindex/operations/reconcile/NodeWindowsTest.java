package io.segmentindex.operations.reconcile;

import io.segmentindex.indexing.IndexedNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeWindowsTest {

    @Property(tries = 300)
    void windowsFindExactlyTheDifferenceWithinThePageSize(
            @ForAll @Size(max = 60) Set<@StringLength(min = 1, max = 3) String> db,
            @ForAll @Size(max = 60) Set<@StringLength(min = 1, max = 3) String> index,
            @ForAll @IntRange(min = 1, max = 9) int pageSize) {
        Listing expected = new Listing(db);
        Listing actual = new Listing(index);
        NodeWindows.Listing<String> actualIds = actual::ids;
        Set<String> missing = new HashSet<>();
        Set<String> extra = new HashSet<>();
        NodeWindows.compare(expected, actualIds, pageSize, w -> {
            w.missing().forEach(n -> assertTrue(missing.add(n.nodeId()), "reported once: " + n));
            w.extra().forEach(id -> assertTrue(extra.add(id), "reported once: " + id));
        });
        Set<String> wantMissing = new HashSet<>(db);
        wantMissing.removeAll(index);
        Set<String> wantExtra = new HashSet<>(index);
        wantExtra.removeAll(db);
        assertEquals(wantMissing, missing);
        assertEquals(wantExtra, extra);
        assertTrue(expected.largestPage <= pageSize && actual.largestPage <= pageSize);
    }

    @Test
    void aWindowEndsWhereTheShorterFullPageEnds() {
        List<NodeWindows.Window> windows = new ArrayList<>();
        NodeWindows.compare(new Listing(Set.of("a", "b", "c", "d")), new Listing(Set.of("b", "x"))::ids, 2,
                windows::add);
        assertEquals(3, windows.size());
        assertEquals(List.of("a", "b"), ids(windows.get(0).expected()));
        assertEquals(List.of("b"), windows.get(0).actual(), "x lies beyond the database's page; it waits");
        assertEquals(List.of("a"), ids(windows.get(0).missing()));
        assertEquals(List.of("c", "d"), ids(windows.get(1).missing()));
        assertEquals(List.of("x"), windows.get(2).extra());
    }

    @Test
    void anEmptyDatasetIsOneEmptyWindow() {
        List<NodeWindows.Window> windows = new ArrayList<>();
        NodeWindows.compare(new Listing(Set.of()), new Listing(Set.of())::ids, 5, windows::add);
        assertEquals(1, windows.size());
        assertTrue(windows.get(0).expected().isEmpty() && windows.get(0).actual().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> NodeWindows.compare(new Listing(Set.of()),
                new Listing(Set.of())::ids, 0, w -> { }));
    }

    @Test
    void nodeIdsCompareByCodePointAsTheirUtf8BytesDo() {
        assertTrue(IndexedNode.compareIds("Z", "a") < 0);
        assertTrue(IndexedNode.compareIds("a", "ab") < 0);
        assertTrue(IndexedNode.compareIds("\uffff", "\ud83d\ude00") < 0,
                "a surrogate pair is one code point above U+FFFF, though its chars sort below U+FFFF");
        assertEquals(0, IndexedNode.compareIds("same", "same"));
    }

    private static List<String> ids(List<IndexedNode> nodes) {
        return nodes.stream().map(IndexedNode::nodeId).toList();
    }

    /** One side, listed as the database (nodes) or the index (ids) do; remembers the largest page it gave. */
    private static final class Listing implements NodeWindows.Listing<IndexedNode> {
        private final TreeSet<String> ids = new TreeSet<>(IndexedNode::compareIds);
        private int largestPage;

        Listing(Set<String> ids) {
            this.ids.addAll(ids);
        }

        @Override
        public List<IndexedNode> after(String nodeId, int limit) {
            List<IndexedNode> page = ids.tailSet(nodeId, false).stream().limit(limit)
                    .map(id -> new IndexedNode(id, "s-" + id)).toList();
            largestPage = Math.max(largestPage, page.size());
            return page;
        }

        List<String> ids(String nodeId, int limit) {
            return after(nodeId, limit).stream().map(IndexedNode::nodeId).toList();
        }
    }
}
