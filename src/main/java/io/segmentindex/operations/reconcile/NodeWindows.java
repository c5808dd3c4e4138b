package io.segmentindex.operations.reconcile;

import io.segmentindex.indexing.IndexedNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compares what the database expects with what the index holds as two lists sorted by node id, read a page at a
 * time from each side, so that memory depends on the page size and never on the dataset's size. Each window is
 * the stretch of ids both sides have fully listed: it ends at the smaller of the two last ids of a full page.
 */
final class NodeWindows {

    /** One side's listing: up to {@code limit} entries after a node id ("" for the first), in id order. */
    @FunctionalInterface
    interface Listing<T> {
        List<T> after(String nodeId, int limit);
    }

    /** Both sides in one stretch of ids: the database's nodes with their segments, the index's node ids. */
    record Window(List<IndexedNode> expected, List<String> actual) {

        /** Expected nodes the index does not hold. */
        List<IndexedNode> missing() {
            Set<String> present = new HashSet<>(actual);
            return expected.stream().filter(n -> !present.contains(n.nodeId())).toList();
        }

        /** Node ids the index holds that the database does not expect. */
        List<String> extra() {
            Set<String> wanted = new HashSet<>(expected.size() * 2);
            expected.forEach(n -> wanted.add(n.nodeId()));
            return actual.stream().filter(id -> !wanted.contains(id)).toList();
        }
    }

    private NodeWindows() {
    }

    static void compare(Listing<IndexedNode> expected, Listing<String> actual, int pageSize, Consumer<Window> each) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive: " + pageSize);
        }
        String after = "";
        while (true) {
            List<IndexedNode> e = expected.after(after, pageSize);
            List<String> a = actual.after(after, pageSize);
            String end = null; // null: both sides are exhausted past 'after'
            if (e.size() >= pageSize) {
                end = e.get(e.size() - 1).nodeId();
            }
            if (a.size() >= pageSize && (end == null || IndexedNode.compareIds(a.get(a.size() - 1), end) < 0)) {
                end = a.get(a.size() - 1);
            }
            each.accept(new Window(upTo(e, IndexedNode::nodeId, end), upTo(a, id -> id, end)));
            if (end == null) {
                return;
            }
            after = end;
        }
    }

    private static <T> List<T> upTo(List<T> page, Function<T, String> id, String end) {
        if (end == null) {
            return page;
        }
        int n = 0;
        while (n < page.size() && IndexedNode.compareIds(id.apply(page.get(n)), end) <= 0) {
            n++;
        }
        return page.subList(0, n);
    }
}
