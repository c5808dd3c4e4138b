package io.segmentindex.operations;

import io.segmentindex.knowledge.DatasetRef;

import java.util.concurrent.atomic.AtomicInteger;

/** What a {@link Recovery} needs of any index work: whose dataset to re-check, and how often it was tried. */
public interface RecoverableWork {

    DatasetRef dataset();

    AtomicInteger attempts();
}
