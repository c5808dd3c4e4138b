package bench;

import bench.ToggleBenchmark.Seg;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Lucene index of the same size and fields under {@code target/} (so commits fsync on the same file system as
 * the server's): delete by term or update, then a near-real-time refresh; commits once a second, as the server.
 */
final class LuceneRawIndex implements RawIndex {

    private final String dataset;
    private final Path dir;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor();

    LuceneRawIndex(String dataset, List<Seg> all) throws IOException {
        this.dataset = dataset;
        dir = Files.createTempDirectory(Path.of("target"), "bench-index");
        directory = FSDirectory.open(dir);
        writer = new IndexWriter(directory, new IndexWriterConfig(
                new StandardAnalyzer(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET)).setRAMBufferSizeMB(64));
        for (Seg s : all) {
            writer.addDocument(document(s));
        }
        writer.commit();
        searchers = new SearcherManager(writer, null);
        committer.scheduleWithFixedDelay(() -> {
            try {
                if (writer.hasUncommittedChanges()) {
                    writer.commit();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void add(Seg s) throws IOException {
        writer.updateDocument(new Term("node_id", s.nodeId()), document(s));
        searchers.maybeRefreshBlocking();
    }

    @Override
    public void delete(Seg s) throws IOException {
        writer.deleteDocuments(new Term("node_id", s.nodeId()));
        searchers.maybeRefreshBlocking();
    }

    @Override
    public void deleteChunk(List<Seg> segs) throws IOException {
        List<BytesRef> nodes = segs.stream().map(s -> new BytesRef(s.nodeId())).toList();
        writer.deleteDocuments(new TermInSetQuery("node_id", nodes));
        searchers.maybeRefreshBlocking();
    }

    @Override
    public void restore(Collection<Seg> segs) throws IOException {
        for (Seg s : segs) {
            writer.updateDocument(new Term("node_id", s.nodeId()), document(s));
        }
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    @Override
    public int docs() {
        return writer.getDocStats().numDocs;
    }

    @Override
    public String toggleStep() {
        return "Lucene delete/add + refresh; commit each 1 s";
    }

    @Override
    public String bulkStep() {
        return "Lucene delete by TermInSetQuery + refresh per chunk, commit each 1 s";
    }

    @Override
    public String holds() throws IOException {
        return String.format(java.util.Locale.ROOT, "baseline Lucene index of %,d docs", docs());
    }

    /** The fields LuceneSegmentIndex writes for an economy node (no vector). */
    private Document document(Seg s) {
        Document doc = new Document();
        doc.add(new StringField("node_id", s.nodeId(), Field.Store.YES));
        doc.add(new StringField("segment_id", s.id(), Field.Store.YES));
        doc.add(new StringField("document_id", s.documentId(), Field.Store.NO));
        doc.add(new StringField("dataset_id", dataset, Field.Store.NO));
        doc.add(new TextField("content", s.content(), Field.Store.NO));
        if (s.keywords() != null) {
            doc.add(new TextField("keywords", s.keywords(), Field.Store.NO));
        }
        doc.add(new StoredField("indexed_at", System.currentTimeMillis()));
        return doc;
    }

    @Override
    public void close() throws IOException {
        committer.shutdownNow();
        searchers.close();
        writer.close();
        directory.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
