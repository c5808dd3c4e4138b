package io.segmentindex.indexing.embedding;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecentVectorsTest {

    @Test
    void aQueryAskedAgainGetsItsVectorBack() {
        RecentVectors recent = new RecentVectors(2);
        float[] v = {1f, 2f};
        recent.put("river delta", v);
        assertSame(v, recent.get("river delta"));
        assertNull(recent.get("River delta"), "exact text only: another text may embed differently");
    }

    @Test
    void theLeastRecentlyUsedQueryLeavesFirstAndTheSizeStaysBounded() {
        RecentVectors recent = new RecentVectors(2);
        recent.put("a", new float[] {1f});
        recent.put("b", new float[] {2f});
        recent.get("a");
        recent.put("c", new float[] {3f});
        assertNull(recent.get("b"), "b was used least recently");
        assertNotNull(recent.get("a"));
        assertNotNull(recent.get("c"));
        assertEquals(2, recent.size());
    }

    @Test
    void aCapacityOfZeroKeepsNothing() {
        RecentVectors recent = new RecentVectors(0);
        recent.put("a", new float[] {1f});
        assertNull(recent.get("a"));
        assertThrows(IllegalArgumentException.class, () -> new RecentVectors(-1));
    }
}
