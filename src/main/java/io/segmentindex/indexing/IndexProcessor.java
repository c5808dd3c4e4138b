package io.segmentindex.indexing;

import io.segmentindex.knowledge.DatasetRef;
import io.segmentindex.knowledge.DocForm;

import java.util.List;

/**
 * Puts a document form's segments into the index and takes them out again (Dify's BaseIndexProcessor).
 * The processor decides what represents a segment in the index: the segment itself, or its child chunks.
 */
public interface IndexProcessor {

    DocForm docForm();

    /** Indexes the segments, replacing whatever the index held for them. */
    void load(DatasetRef dataset, List<SegmentSource> segments);

    /**
     * Removes the segments with these index node ids, and everything that stands for them. (Dify's
     * {@code with_keywords} flag has no counterpart: this index keeps a node's keywords with the node.)
     */
    void clean(DatasetRef dataset, List<String> nodeIds);
}
