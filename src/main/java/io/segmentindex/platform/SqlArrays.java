package io.segmentindex.platform;

import java.util.Collection;

/** Parameters bound as PostgreSQL arrays ({@code CAST(? AS uuid[])}, {@code CAST(? AS bigint[])}). */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** The array literal of these values; only for ids and numbers, which need no quoting. */
    public static String of(Collection<?> values) {
        StringBuilder out = new StringBuilder(values.size() * 37 + 2).append('{');
        for (Object v : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(v);
        }
        return out.append('}').toString();
    }
}
