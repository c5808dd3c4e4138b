package io.segmentindex.operations.document;

import io.segmentindex.knowledge.DocumentAction;
import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.DatasetRef;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.operations.RecoverableWork;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The index work of one document of a status operation: the segments to load (those that are themselves
 * enabled) and the nodes to clean (all of them when the document goes out, the disabled ones when it comes back).
 */
public record DocumentWork(String operationId, int position, DocumentAction action, DatasetRef dataset, DocForm docForm,
                           String documentId, long documentVersion, List<SegmentSource> toLoad, List<String> toClean,
                           AtomicInteger attempts) implements RecoverableWork {
}
