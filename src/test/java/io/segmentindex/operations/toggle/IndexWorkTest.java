package io.segmentindex.operations.toggle;

import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.DatasetRef;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.knowledge.SegmentStatus;
import io.segmentindex.operations.OperationRepository;
import io.segmentindex.operations.SkipReason;
import io.segmentindex.operations.ToggleAction;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class IndexWorkTest {

    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-01T00:00:00Z");

    final DatasetRef dataset = new DatasetRef("t1", "d", false);
    final SegmentRepository.Switch enabledSegment = new SegmentRepository.Switch("s1", "doc", true,
            SegmentStatus.COMPLETED, 1, "node-1");
    final OperationRepository.Queued item = new OperationRepository.Queued("op", 0, "s1");

    RoundQueries.QueuedSegment queued(SegmentRepository.Switch segment, DocForm form, boolean available,
                                      DatasetRef in) {
        return new RoundQueries.QueuedSegment(item, segment, form, available, in);
    }

    @Test
    void aSegmentWhoseSwitchStillSaysWhatTheOperationWantsIsActedOnOnceItsDocumentIsAvailable() {
        assertNull(IndexWork.skipReason(ToggleAction.ENABLE,
                queued(enabledSegment, DocForm.TEXT_MODEL, true, dataset)));
    }

    @Test
    void aSegmentToggledBackSinceIsLeftToTheNewerOperation() {
        assertEquals(SkipReason.SUPERSEDED, IndexWork.skipReason(ToggleAction.DISABLE,
                queued(enabledSegment, DocForm.TEXT_MODEL, true, dataset)));
    }

    @Test
    void aDocumentNotAvailableForIndexLeavesItsSegmentsAlone() {
        assertEquals(SkipReason.DOCUMENT_UNAVAILABLE, IndexWork.skipReason(ToggleAction.ENABLE,
                queued(enabledSegment, DocForm.TEXT_MODEL, false, dataset)));
    }

    @Test
    void anythingDeletedSinceIsNotFound() {
        assertEquals(SkipReason.NOT_FOUND, IndexWork.skipReason(ToggleAction.ENABLE,
                queued(null, null, false, dataset)), "segment");
        assertEquals(SkipReason.NOT_FOUND, IndexWork.skipReason(ToggleAction.ENABLE,
                queued(enabledSegment, null, false, dataset)), "document");
        assertEquals(SkipReason.NOT_FOUND, IndexWork.skipReason(ToggleAction.ENABLE,
                queued(enabledSegment, DocForm.TEXT_MODEL, true, null)), "dataset");
    }

    @Test
    void aGroupedCallSplitsByOperationKeepingEachOperationsSegmentsInOrder() {
        IndexWork grouped = work(target("op-a", 0, "s1"), target("op-b", 0, "s2"), target("op-a", 1, "s3"));
        assertEquals(List.of("op-a", "op-b"), grouped.operationIds());

        List<IndexWork> parts = grouped.byOperation();
        assertEquals(2, parts.size());
        assertEquals("op-a", parts.get(0).operationId());
        assertEquals(List.of("s1", "s3"), parts.get(0).targets().stream().map(IndexWork.Target::segmentId).toList());
        assertEquals(List.of("op-a"), parts.get(0).operationIds());
        assertEquals(List.of("s2"), parts.get(1).targets().stream().map(IndexWork.Target::segmentId).toList());
        assertEquals(ToggleAction.DISABLE, parts.get(1).action());
        assertEquals(2, parts.get(1).attempts().get(), "a part counts the attempts its segments had in the call");
    }

    @Test
    void aFailedCallIsSplitByOperationFirstThenInHalvesDownToOneSegment() {
        IndexWork grouped = work(target("op-a", 0, "s1"), target("op-b", 0, "s2"));
        assertEquals(List.of("op-a", "op-b"), grouped.split().stream().map(IndexWork::operationId).toList());

        IndexWork batch = work(target("op-a", 0, "s1"), target("op-a", 1, "s2"), target("op-a", 2, "s3"));
        List<IndexWork> halves = batch.split();
        assertEquals(List.of(List.of("s1"), List.of("s2", "s3")), halves.stream()
                .map(w -> w.targets().stream().map(IndexWork.Target::segmentId).toList()).toList());
        assertEquals(List.of(2, 2), halves.stream().map(w -> w.attempts().get()).toList());

        IndexWork single = work(target("op-a", 0, "s1"));
        assertEquals(List.of(single), single.split(), "one segment: nothing left to split");
    }

    @Test
    void theCallCarriesTheVersionEachSegmentWasFlippedTo() {
        IndexWork w = work(target("op-a", 0, "s1"), target("op-b", 0, "s2"));
        assertEquals(7L, w.versions().get("s1"));
        assertEquals(List.of("node-s1", "node-s2"), w.nodeIds());
    }

    IndexWork work(IndexWork.Target... targets) {
        return new IndexWork(targets[0].operationId(), ToggleAction.DISABLE, dataset, DocForm.TEXT_MODEL,
                List.of(targets), new AtomicInteger(2));
    }

    static IndexWork.Target target(String operationId, int position, String segmentId) {
        return new IndexWork.Target(operationId, position, segmentId, "doc", 7,
                new SegmentSource(segmentId, "doc", "node-" + segmentId, "h", "text", null, null, null));
    }
}
