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

    /**
     * The array literal of any strings, each quoted and escaped (a null element stays NULL), for a
     * {@code CAST(? AS text[])} parameter: commas, braces, quotes and backslashes in a value remain part of it.
     */
    public static String ofText(Collection<String> values) {
        StringBuilder out = new StringBuilder(values.size() * 40 + 2).append('{');
        for (String v : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            if (v == null) {
                out.append("NULL");
                continue;
            }
            out.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }
}
