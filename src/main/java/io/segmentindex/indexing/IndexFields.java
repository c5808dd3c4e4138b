package io.segmentindex.indexing;

/** The field names of an index node, the same in every backend so that a node reads the same wherever it is kept. */
public final class IndexFields {

    public static final String NODE_ID = "node_id";
    public static final String PARENT_NODE_ID = "parent_node_id";
    public static final String SEGMENT_ID = "segment_id";
    public static final String DOCUMENT_ID = "document_id";
    public static final String DATASET_ID = "dataset_id";
    public static final String CONTENT = "content";
    public static final String KEYWORDS = "keywords";
    public static final String VECTOR = "vector";

    private IndexFields() {
    }
}
