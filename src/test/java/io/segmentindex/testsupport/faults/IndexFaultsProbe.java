package io.segmentindex.testsupport.faults;

import io.segmentindex.indexing.IndexWriteProbe;

import java.util.Collection;

/** Found by the application's {@link java.util.ServiceLoader}, which makes its own instance: the state is shared. */
public class IndexFaultsProbe implements IndexWriteProbe {

    @Override
    public void beforeWrite(String datasetId, Write write, Collection<String> nodeIds) {
        IndexFaults.shared().beforeWrite(datasetId, write, nodeIds);
    }
}
