package io.segmentindex.operations;

import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DocForm;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One index call of an operation: a chunk of segments that all want the same thing. Carries what the call
 * and its recovery need, so neither has to go back to the database first.
 */
public record IndexWork(String operationId, ToggleAction action, Dataset dataset, DocForm docForm,
                        List<Target> targets, AtomicInteger attempts) implements RecoverableWork {

    /** A segment to act on, at the version the operation flipped it to. */
    public record Target(int position, String segmentId, long version, SegmentSource source) {
    }

    public List<String> nodeIds() {
        return targets.stream().map(t -> t.source().nodeId()).toList();
    }

    public List<SegmentSource> sources() {
        return targets.stream().map(Target::source).toList();
    }

    public Map<String, Long> versions() {
        Map<String, Long> out = new java.util.HashMap<>();
        targets.forEach(t -> out.put(t.segmentId(), t.version()));
        return out;
    }
}
