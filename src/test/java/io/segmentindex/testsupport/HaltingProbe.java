package io.segmentindex.testsupport;

import io.segmentindex.indexing.IndexWriteProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Stops the server outright (as an out-of-memory kill would) before any index write of a dataset named by a file
 * in the server's {@code halt-on-index-write} folder. Only the test server has it: the build puts it in the
 * server's {@code lib/support} library, never in the WAR.
 */
public class HaltingProbe implements IndexWriteProbe {

    private static final Logger LOG = Logger.getLogger(HaltingProbe.class.getName());
    /** The server runs in its output folder. */
    static final Path FOLDER = Path.of(System.getProperty("server.output.dir", "."), "halt-on-index-write");

    @Override
    public void beforeWrite(String datasetId, Write write, java.util.Collection<String> nodeIds) {
        if (Files.exists(FOLDER.resolve(datasetId))) {
            LOG.severe("Halting the server before an index write of dataset " + datasetId + " (test probe)");
            Runtime.getRuntime().halt(137);
        }
    }
}
