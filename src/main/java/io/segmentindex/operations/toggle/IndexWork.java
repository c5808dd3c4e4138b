package io.segmentindex.operations.toggle;

import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.DatasetRef;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.operations.RecoverableWork;
import io.segmentindex.operations.SkipReason;
import io.segmentindex.operations.ToggleAction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One index call: a chunk of segments of one dataset and document form that all want the same thing, of one
 * operation or of several that a round grouped. Carries what the call and its recovery need, so neither has to
 * go back to the database first. {@code operationId} names the first operation, for the logs.
 */
public record IndexWork(String operationId, ToggleAction action, DatasetRef dataset, DocForm docForm,
                        List<Target> targets, AtomicInteger attempts) implements RecoverableWork {

    /** A segment to act on, at the version its operation (item {@code position} of it) flipped it to. */
    public record Target(String operationId, int position, String segmentId, String documentId, long version,
                         SegmentSource source) {

        public Target withSource(SegmentSource loaded) {
            return new Target(operationId, position, segmentId, documentId, version, loaded);
        }
    }

    /**
     * Why a queued segment is not acted on, re-read when its operation runs; null when it is. A segment whose
     * switch has moved on since is left to the newer operation, so a late task never undoes a newer toggle.
     */
    public static SkipReason skipReason(ToggleAction action, RoundQueries.QueuedSegment queued) {
        if (queued.segment() == null || queued.docForm() == null || queued.dataset() == null) {
            return SkipReason.NOT_FOUND;
        }
        if (queued.segment().movedFrom(action.targetEnabled())) {
            return SkipReason.SUPERSEDED;
        }
        return queued.documentAvailable() ? null : SkipReason.DOCUMENT_UNAVAILABLE;
    }

    /** The operations whose segments this call carries (more than one when a round grouped them). */
    public List<String> operationIds() {
        return targets.stream().map(Target::operationId).distinct().toList();
    }

    /** The same call split by operation, each part recoverable on its own. */
    public List<IndexWork> byOperation() {
        Map<String, List<Target>> parts = new LinkedHashMap<>();
        targets.forEach(t -> parts.computeIfAbsent(t.operationId(), k -> new ArrayList<>()).add(t));
        return parts.values().stream().map(this::part).toList();
    }

    /**
     * How a failed grouped call is split to find what failed: by operation when it carries several, else into two
     * halves; a call of one segment is not split.
     */
    public List<IndexWork> split() {
        if (operationIds().size() > 1) {
            return byOperation();
        }
        if (targets.size() < 2) {
            return List.of(this);
        }
        int half = targets.size() / 2;
        return List.of(part(targets.subList(0, half)), part(targets.subList(half, targets.size())));
    }

    private IndexWork part(List<Target> subset) {
        // A part counts the attempts its segments already had in the call it was split from.
        return new IndexWork(subset.get(0).operationId(), action, dataset, docForm, List.copyOf(subset),
                new AtomicInteger(attempts.get()));
    }

    public List<String> nodeIds() {
        return targets.stream().map(t -> t.source().nodeId()).toList();
    }

    public List<SegmentSource> sources() {
        return targets.stream().map(Target::source).toList();
    }

    public Map<String, Long> versions() {
        Map<String, Long> out = new HashMap<>();
        targets.forEach(t -> out.put(t.segmentId(), t.version()));
        return out;
    }
}
