package io.segmentindex.indexing;
import java.util.Collection;

/**
 * Called before every write to the index. A production server has none; a test build adds probes to see the
 * service recover from real index failures: a write that fails, one that is slow, or one that stops the server.
 * Probes are found with {@link java.util.ServiceLoader} on the application's class path, which includes the
 * server's {@code lib/support} library (missing outside the build's servers).
 */
public interface IndexWriteProbe {

    /** The kinds of write. */
    enum Write { UPSERT, DELETE }

    /**
     * May sleep, throw {@link IndexUnavailableException}, or never return. {@code nodeIds} are the nodes written
     * or deleted; empty when a whole document or dataset is deleted.
     */
    void beforeWrite(String datasetId, Write write, Collection<String> nodeIds);
}
