package io.segmentindex.indexing.lucene;

import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.indexing.SegmentIndexContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index contract against a real Lucene index in a temporary folder, plus what only an embedded index has. */
class LuceneSegmentIndexIT extends SegmentIndexContract {

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

    @Test
    void withACommitIntervalWritesAreVisibleAtOnceAndACleanCloseIsRecorded() throws Exception {
        index.close();
        index = new LuceneSegmentIndex(dir, 50, 60_000);
        index.upsert("ds", List.of(node("n1", "s1", "d", "visible", axis(0))));
        assertEquals(Set.of("n1"), index.presentNodeIds("ds", List.of("n1")));
        index.close();
        index = new LuceneSegmentIndex(dir, 50, 60_000);
        assertTrue(index.uncleanStop().isEmpty(), "closed cleanly");
        assertEquals(Set.of("n1"), index.presentNodeIds("ds", List.of("n1")));
    }

    @Test
    void aCrashKeepsTheLastCommitAndIsReportedAsAnUncleanStop(@TempDir Path crashed) throws Exception {
        index.close();
        index = new LuceneSegmentIndex(dir, 50, 60_000);
        index.upsert("ds", List.of(node("n1", "s1", "d", "committed", axis(0))));
        long beforeCommit = System.currentTimeMillis();
        index.commit();
        long afterCommit = System.currentTimeMillis();
        index.delete("ds", List.of("n1"));
        index.upsert("ds", List.of(node("n2", "s2", "d", "not committed", axis(1))));
        // The files as a kill would leave them: the writer never closed.
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, crashed.resolve(f.getFileName()));
            }
        }
        try (LuceneSegmentIndex reopened = new LuceneSegmentIndex(crashed, 50, 60_000)) {
            long since = reopened.uncleanStop().orElseThrow().toEpochMilli();
            assertTrue(since >= beforeCommit && since <= afterCommit, "the last commit's start: " + since);
            assertEquals(Set.of("n1"), reopened.presentNodeIds("ds", List.of("n1", "n2")));
        }
    }

    @Test
    void aFreshIndexIsNoUncleanStop() {
        assertTrue(index.uncleanStop().isEmpty());
    }

}
