package io.segmentindex.indexing.lucene;

import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.indexing.SegmentIndexContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The index contract against a real Lucene index in a temporary folder, plus what only an embedded index has. */
class LuceneSegmentIndexTest extends SegmentIndexContract {

    @TempDir
    Path dir;

    private LuceneSegmentIndex index;

    @Override
    protected SegmentIndex index() {
        return index;
    }

    @BeforeEach
    void open() {
        index = new LuceneSegmentIndex(dir, 50);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    @Test
    void writesAreDurableAcrossAReopen() throws Exception {
        index.upsert("ds", List.of(node("n1", "s1", "d", "kept", axis(0))));
        index.close();
        index = new LuceneSegmentIndex(dir, 50);
        assertEquals(Set.of("n1"), index.presentNodeIds("ds", List.of("n1")));
    }
}
