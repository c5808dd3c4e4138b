package io.segmentindex.indexing;

/** A node as the index or the database lists it: its id and the segment it stands for. */
public record IndexedNode(String nodeId, String segmentId) {

    /**
     * The order in which node ids are listed and paged, the same in every backend and in PostgreSQL
     * ({@code COLLATE "C"}): by their UTF-8 bytes, which for a Java string is the order of its code points.
     */
    public static int compareIds(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
