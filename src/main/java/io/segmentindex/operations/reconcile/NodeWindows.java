package io.segmentindex.operations.reconcile;

import io.segmentindex.indexing.IndexedNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Compares what the database expects with what the index holds as two lists sorted by node id, read a page at a
 * time from each side, so that memory depends on the page size and never on the dataset's size. Each window is
 * the stretch of ids both sides have fully listed: it ends at the smaller of the two last ids of a full page.
 */
final class NodeWindows {

    /** One side's listing: up to {@code limit} nodes after a node id ("" for the first), in id order. */
    @FunctionalInterface
    interface Listing {
        List<IndexedNode> after(String nodeId, int limit);
    }

    /** The nodes of both sides in one stretch of ids. */
    record Window(List<IndexedNode> expected, List<IndexedNode> actual) {

        /** Expected nodes the index does not hold. */
        List<IndexedNode> missing() {
            Set<String> present = ids(actual);
            return expected.stream().filter(n -> !present.contains(n.nodeId())).toList();
        }

        /** Nodes the index holds that the database does not expect. */
        List<IndexedNode> extra() {
            Set<String> wanted = ids(expected);
            return actual.stream().filter(n -> !wanted.contains(n.nodeId())).toList();
        }

        private static Set<String> ids(List<IndexedNode> nodes) {
            Set<String> out = new HashSet<>(nodes.size() * 2);
            nodes.forEach(n -> out.add(n.nodeId()));
            return out;
        }
    }

    private NodeWindows() {
    }

    static void compare(Listing expected, Listing actual, int pageSize, Consumer<Window> each) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive: " + pageSize);
        }
        String after = "";
        while (true) {
            List<IndexedNode> e = expected.after(after, pageSize);
            List<IndexedNode> a = actual.after(after, pageSize);
            String end = null; // null: both sides are exhausted past 'after'
            if (e.size() >= pageSize) {
                end = last(e);
            }
            if (a.size() >= pageSize && (end == null || IndexedNode.compareIds(last(a), end) < 0)) {
                end = last(a);
            }
            each.accept(new Window(upTo(e, end), upTo(a, end)));
            if (end == null) {
                return;
            }
            after = end;
        }
    }

    private static String last(List<IndexedNode> page) {
        return page.get(page.size() - 1).nodeId();
    }

    private static List<IndexedNode> upTo(List<IndexedNode> page, String end) {
        if (end == null) {
            return page;
        }
        int n = 0;
        while (n < page.size() && IndexedNode.compareIds(page.get(n).nodeId(), end) <= 0) {
            n++;
        }
        return page.subList(0, n);
    }
}
