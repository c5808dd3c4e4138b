package it.io.segmentindex.incontainer;

import io.segmentindex.indexing.Exclusions;
import io.segmentindex.indexing.IndexHit;
import io.segmentindex.indexing.IndexNode;
import io.segmentindex.indexing.IndexProcessor;
import io.segmentindex.indexing.IndexProcessorFactory;
import io.segmentindex.indexing.ParagraphIndexProcessor;
import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.indexing.UnsupportedIndexTypeException;
import io.segmentindex.indexing.embedding.EmbeddingService;
import io.segmentindex.knowledge.DocForm;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs inside a Liberty server that Arquillian manages, against the real beans, database, Redis and model. */
@ExtendWith(ArquillianExtension.class)
class IndexingInContainerIT {

    private static final String PARIS = "The capital of France is Paris, a city on the Seine.";
    private static final String PHOTOSYNTHESIS = "Photosynthesis converts light energy into chemical energy in plants.";

    @Inject
    IndexProcessorFactory processors;

    @Inject
    SegmentIndex index;

    @Inject
    EmbeddingService embeddings;

    @Deployment
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void textModelIsServedByTheParagraphProcessor() {
        IndexProcessor processor = processors.processorFor(DocForm.TEXT_MODEL);
        assertInstanceOf(ParagraphIndexProcessor.class, processor);
        assertEquals(DocForm.TEXT_MODEL, processor.docForm());
        assertTrue(processors.supports(DocForm.TEXT_MODEL));
    }

    @Test
    void everyFormHasItsProcessorAndNoFormIsRejected() {
        for (DocForm form : DocForm.values()) {
            assertEquals(form, processors.processorFor(form).docForm());
        }
        UnsupportedIndexTypeException e = assertThrows(UnsupportedIndexTypeException.class,
                () -> processors.processorFor(null));
        assertEquals("Index type null is not supported.", e.getMessage());
    }

    @Test
    void upsertSearchAndDeleteRoundTrip() {
        String dataset = UUID.randomUUID().toString();
        try {
            List<float[]> vectors = embeddings.vectorsFor(List.of(PARIS, PHOTOSYNTHESIS));
            assertEquals(2, vectors.size());
            assertEquals(384, vectors.get(0).length);
            index.upsert(dataset, List.of(
                    IndexNode.of("node-paris", "seg-paris", "doc-1", PARIS, List.of(), vectors.get(0)),
                    IndexNode.of("node-photo", "seg-photo", "doc-1", PHOTOSYNTHESIS, List.of(), vectors.get(1))));
            assertEquals(2, index.count(dataset));

            float[] query = embeddings.vectorFor("How do plants turn sunlight into energy?");
            List<IndexHit> hits = index.vectorSearch(dataset, query, 2, Exclusions.NONE);
            assertEquals(2, hits.size());
            assertEquals("node-photo", hits.get(0).nodeId());
            assertEquals("seg-photo", hits.get(0).segmentId());
            assertTrue(hits.get(0).score() > hits.get(1).score(), () -> "scores " + hits);

            index.delete(dataset, List.of("node-photo"));
            assertEquals(Set.of("node-paris"), index.presentNodeIds(dataset, List.of("node-paris", "node-photo")));
            List<IndexHit> after = index.vectorSearch(dataset, query, 2, Exclusions.NONE);
            assertEquals(List.of("node-paris"), after.stream().map(IndexHit::nodeId).toList());
        } finally {
            index.deleteDataset(dataset);
        }
    }
}
