package io.segmentindex.knowledge;

import java.util.Arrays;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The rule that says what the index holds and retrieval may return: an enabled segment in a searchable status, of
 * an available document (enabled, not archived, indexing completed). Java code asks the predicates; SQL embeds the
 * fragments, whose status lists are generated from the same predicates, so the two cannot disagree on a status.
 */
public final class Searchable {

    private Searchable() {
    }

    public static boolean segment(boolean enabled, SegmentStatus status) {
        return enabled && status.searchable();
    }

    public static boolean document(boolean enabled, boolean archived, IndexingStatus status) {
        return enabled && !archived && status.complete();
    }

    /** {@link #segment} over the {@code document_segments} row named {@code alias}. */
    public static String segmentSql(String alias) {
        return alias + ".enabled AND " + segmentStatusSql(alias);
    }

    /** {@link SegmentStatus#searchable} over the {@code document_segments} row named {@code alias}. */
    public static String segmentStatusSql(String alias) {
        return alias + ".status IN " + wires(SegmentStatus.values(), SegmentStatus::searchable);
    }

    /** {@link IndexingStatus#complete} over the {@code documents} row named {@code alias}. */
    public static String indexingCompleteSql(String alias) {
        return alias + ".indexing_status IN " + wires(IndexingStatus.values(), IndexingStatus::complete);
    }

    /** {@link #document} over the {@code documents} row named {@code alias}. */
    public static String documentSql(String alias) {
        return alias + ".enabled AND NOT " + alias + ".archived AND " + indexingCompleteSql(alias);
    }

    /** The SQL list of the wire values of the statuses that pass {@code rule}, e.g. {@code ('completed')}. */
    static <S extends WireValue> String wires(S[] statuses, Predicate<S> rule) {
        return Arrays.stream(statuses).filter(rule).map(s -> "'" + s.wire() + "'")
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
