package io.segmentindex.indexing.lucene;

import io.segmentindex.indexing.Exclusions;
import io.segmentindex.indexing.IndexHit;
import io.segmentindex.indexing.IndexNode;
import io.segmentindex.indexing.IndexUnavailableException;
import io.segmentindex.indexing.SegmentIndex;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.segmentindex.indexing.IndexFields.CONTENT;
import static io.segmentindex.indexing.IndexFields.DATASET_ID;
import static io.segmentindex.indexing.IndexFields.DOCUMENT_ID;
import static io.segmentindex.indexing.IndexFields.KEYWORDS;
import static io.segmentindex.indexing.IndexFields.NODE_ID;
import static io.segmentindex.indexing.IndexFields.PARENT_NODE_ID;
import static io.segmentindex.indexing.IndexFields.SEGMENT_ID;
import static io.segmentindex.indexing.IndexFields.VECTOR;

/**
 * Embedded Lucene: one shared IndexWriter per directory (Lucene allows no second one), a SearcherManager for
 * near-real-time reads, HNSW vectors (cosine) and BM25 text. Every write is refreshed before it returns, so it
 * is visible at once. Durability is batched: with a commit interval, a background commit (one fsync) covers
 * every write of the interval; the database's operations and the reconciler cover what a crash loses in between
 * (see {@link #uncleanStop()}). A zero interval commits every write before it returns (grouped across
 * concurrent writers).
 */
public class LuceneSegmentIndex implements SegmentIndex, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LuceneSegmentIndex.class.getName());
    /** The stored fields a listing reads: a node's id and its segment's. */
    private static final Set<String> IDS = Set.of(NODE_ID, SEGMENT_ID);

    static final String CLEAN_CLOSE = "clean_close";
    /** When the commit began: every write acknowledged before it is in the commit. */
    static final String COMMITTED_AT = "committed_at";

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer;
    private final int knnCandidates;
    // Commits are serialised so that concurrent writers share one fsync instead of queueing several.
    private final ReentrantLock commitLock = new ReentrantLock();
    private volatile long lastCommittedGeneration;
    private volatile long writeGeneration;
    private final long commitIntervalMillis;
    private final Optional<Instant> uncleanStop;
    private final ScheduledExecutorService committer;

    public LuceneSegmentIndex(Path dir, int knnCandidates) {
        this(dir, knnCandidates, 0);
    }

    public LuceneSegmentIndex(Path dir, int knnCandidates, long commitIntervalMillis) {
        try {
            Files.createDirectories(dir);
            this.directory = FSDirectory.open(dir);
            boolean existed = DirectoryReader.indexExists(directory);
            this.analyzer = new StandardAnalyzer(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64);
            this.writer = new IndexWriter(directory, config);
            this.searchers = new SearcherManager(writer, null);
            this.knnCandidates = knnCandidates;
            this.commitIntervalMillis = commitIntervalMillis;
            // The last commit says whether the previous writer was closed; a fresh index has nothing to lose.
            Map<String, String> last = new HashMap<>();
            Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
            if (data != null) {
                data.forEach(e -> last.put(e.getKey(), e.getValue()));
            }
            this.uncleanStop = !existed || "true".equals(last.get(CLEAN_CLOSE)) ? Optional.empty()
                    : Optional.of(last.containsKey(COMMITTED_AT)
                    ? Instant.ofEpochMilli(Long.parseLong(last.get(COMMITTED_AT))) : Instant.EPOCH);
            if (commitIntervalMillis > 0) {
                committer = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "lucene-commit");
                    t.setDaemon(true);
                    return t;
                });
                committer.scheduleWithFixedDelay(this::periodicCommit, commitIntervalMillis, commitIntervalMillis,
                        TimeUnit.MILLISECONDS);
            } else {
                committer = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the index at " + dir, e);
        }
    }

    @Override
    public void upsert(String datasetId, List<IndexNode> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        write(() -> {
            for (IndexNode node : nodes) {
                writer.updateDocument(new Term(NODE_ID, node.nodeId()), toDocument(datasetId, node));
            }
        });
    }

    @Override
    public void delete(String datasetId, Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            return;
        }
        Query nodesOrChildren = new BooleanQuery.Builder()
                .add(termsQuery(NODE_ID, nodeIds), Occur.SHOULD)
                .add(termsQuery(PARENT_NODE_ID, nodeIds), Occur.SHOULD)
                .build();
        write(() -> writer.deleteDocuments(new BooleanQuery.Builder()
                .add(new TermQuery(new Term(DATASET_ID, datasetId)), Occur.FILTER)
                .add(nodesOrChildren, Occur.FILTER)
                .build()));
    }

    @Override
    public void deleteDocument(String datasetId, String documentId) {
        write(() -> writer.deleteDocuments(new BooleanQuery.Builder()
                .add(new TermQuery(new Term(DATASET_ID, datasetId)), Occur.FILTER)
                .add(new TermQuery(new Term(DOCUMENT_ID, documentId)), Occur.FILTER)
                .build()));
    }

    @Override
    public void deleteDataset(String datasetId) {
        write(() -> writer.deleteDocuments(new Term(DATASET_ID, datasetId)));
    }

    @Override
    public List<IndexHit> vectorSearch(String datasetId, float[] vector, int topK, Exclusions exclusions) {
        int k = Math.max(topK, knnCandidates);
        Query query = new KnnFloatVectorQuery(VECTOR, vector, k, filter(datasetId, exclusions));
        // Lucene scores cosine as (1 + cos) / 2; callers get the cosine itself, as vector stores report it.
        return search(query, topK, score -> Math.max(0.0, 2.0 * score - 1.0));
    }

    @Override
    public List<IndexHit> textSearch(String datasetId, TextField field, String text, int topK,
                                     Exclusions exclusions) {
        String name = field == TextField.KEYWORDS ? KEYWORDS : CONTENT;
        List<String> terms = analyze(name, text);
        if (terms.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder should = new BooleanQuery.Builder();
        for (String term : new LinkedHashSet<>(terms)) {
            should.add(new TermQuery(new Term(name, term)), Occur.SHOULD);
        }
        Query query = new BooleanQuery.Builder()
                .add(should.build(), Occur.MUST)
                .add(filter(datasetId, exclusions), Occur.FILTER)
                .build();
        // BM25 is unbounded; s / (s + 1) keeps the order and puts it on the same [0, 1) scale as cosine.
        return search(query, topK, score -> score / (score + 1.0));
    }

    @Override
    public Map<String, String> segmentsOf(String datasetId, Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            return Map.of();
        }
        Query query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(DATASET_ID, datasetId)), Occur.FILTER)
                .add(termsQuery(NODE_ID, nodeIds), Occur.FILTER)
                .build();
        Map<String, String> out = new HashMap<>();
        withSearcher(searcher -> {
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : searcher.search(query, Math.max(1, nodeIds.size())).scoreDocs) {
                Document d = stored.document(sd.doc, IDS);
                out.put(d.get(NODE_ID), d.get(SEGMENT_ID));
            }
            return null;
        });
        return out;
    }

    @Override
    public List<String> nodeIdsAfter(String datasetId, String afterNodeId, int limit) {
        return withSearcher(searcher -> {
            IndexReader reader = searcher.getIndexReader();
            Terms ids = MultiTerms.getTerms(reader, NODE_ID);
            if (ids == null) {
                return List.of();
            }
            // Node ids are walked in term order, and no stored field is read; the dataset's live documents are one
            // bit each, so a page costs what it lists plus the terms of other datasets in between.
            FixedBitSet inDataset = liveDocs(searcher, new TermQuery(new Term(DATASET_ID, datasetId)));
            TermsEnum terms = ids.iterator();
            TermsEnum.SeekStatus status = terms.seekCeil(new BytesRef(afterNodeId));
            BytesRef term = status == TermsEnum.SeekStatus.END ? null
                    : status == TermsEnum.SeekStatus.FOUND ? terms.next() : terms.term();
            List<String> out = new ArrayList<>();
            PostingsEnum postings = null;
            for (; term != null && out.size() < limit; term = terms.next()) {
                postings = terms.postings(postings, PostingsEnum.NONE);
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    if (inDataset.get(doc)) {
                        out.add(term.utf8ToString());
                        break;
                    }
                }
            }
            return out;
        });
    }

    /** The live documents a query matches, as top-level doc ids. */
    private static FixedBitSet liveDocs(IndexSearcher searcher, Query query) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        FixedBitSet out = new FixedBitSet(Math.max(1, reader.maxDoc()));
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : reader.leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live == null || live.get(doc)) {
                    out.set(leaf.docBase + doc);
                }
            }
        }
        return out;
    }

    @Override
    public long count(String datasetId) {
        return withSearcher(searcher -> (long) searcher.count(new TermQuery(new Term(DATASET_ID, datasetId))));
    }

    @Override
    public boolean isHealthy() {
        return writer.isOpen() && writer.getTragicException() == null;
    }

    /**
     * Present when the index was opened after a stop that did not close it (a crash or a kill): writes made
     * after its last commit began may be lost, so the owner must bring it back in line with the database.
     */
    @Override
    public Optional<Instant> uncleanStop() {
        return uncleanStop;
    }

    @Override
    public void close() throws IOException {
        try {
            if (committer != null) {
                committer.shutdown();
                try {
                    committer.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            searchers.close();
            if (writer.isOpen()) {
                writer.setLiveCommitData(Map.of(CLEAN_CLOSE, "true",
                        COMMITTED_AT, Long.toString(System.currentTimeMillis())).entrySet());
                writer.commit();
                writer.close();
            }
        } finally {
            directory.close();
        }
    }

    private Document toDocument(String datasetId, IndexNode node) {
        Document doc = new Document();
        doc.add(new StringField(NODE_ID, node.nodeId(), Field.Store.YES));
        if (node.parentNodeId() != null) {
            doc.add(new StringField(PARENT_NODE_ID, node.parentNodeId(), Field.Store.NO));
        }
        doc.add(new StringField(SEGMENT_ID, node.segmentId(), Field.Store.YES));
        doc.add(new StringField(DOCUMENT_ID, node.documentId(), Field.Store.NO));
        doc.add(new StringField(DATASET_ID, datasetId, Field.Store.NO));
        doc.add(new org.apache.lucene.document.TextField(CONTENT, node.content(), Field.Store.NO));
        if (!node.keywords().isEmpty()) {
            doc.add(new org.apache.lucene.document.TextField(KEYWORDS, String.join(" ", node.keywords()),
                    Field.Store.NO));
        }
        if (node.vector() != null) {
            doc.add(new KnnFloatVectorField(VECTOR, node.vector(), VectorSimilarityFunction.COSINE));
        }
        return doc;
    }

    private Query filter(String datasetId, Exclusions exclusions) {
        BooleanQuery.Builder filter = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(DATASET_ID, datasetId)), Occur.FILTER);
        if (!exclusions.segmentIds().isEmpty()) {
            filter.add(termsQuery(SEGMENT_ID, exclusions.segmentIds()), Occur.MUST_NOT);
        }
        if (!exclusions.documentIds().isEmpty()) {
            filter.add(termsQuery(DOCUMENT_ID, exclusions.documentIds()), Occur.MUST_NOT);
        }
        return filter.build();
    }

    private static Query termsQuery(String field, Collection<String> values) {
        List<BytesRef> terms = new ArrayList<>(values.size());
        for (String v : values) {
            terms.add(new BytesRef(v));
        }
        return new TermInSetQuery(field, terms);
    }

    private List<IndexHit> search(Query query, int topK, ScoreScale scale) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(query, topK);
            List<IndexHit> hits = new ArrayList<>(top.scoreDocs.length);
            // One stored-fields reader for all the hits: each storedFields() call builds new per-segment readers.
            StoredFields fields = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                Document stored = fields.document(sd.doc);
                hits.add(new IndexHit(stored.get(NODE_ID), stored.get(SEGMENT_ID), scale.apply(sd.score)));
            }
            return hits;
        });
    }

    private List<String> analyze(String field, String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new IndexUnavailableException("cannot analyse the query", e);
        }
        return terms;
    }

    private void write(IndexWrite change) {
        try {
            change.run();
            long myGeneration;
            synchronized (this) {
                myGeneration = ++writeGeneration;
            }
            if (commitIntervalMillis <= 0) {
                commitUpTo(myGeneration);
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException | RuntimeException e) {
            throw new IndexUnavailableException("index write failed: " + e.getMessage(), e);
        }
    }

    /** Commits whatever the last interval wrote; a failure is retried on the next tick. */
    private void periodicCommit() {
        try {
            if (writer.isOpen() && lastCommittedGeneration < writeGeneration) {
                commitUpTo(writeGeneration);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "periodic index commit failed; the next one retries", e);
        }
    }

    /** Forces a commit now (tests and benchmarks that measure it, and callers that need one). */
    public void commit() {
        try {
            commitUpTo(writeGeneration);
        } catch (IOException e) {
            throw new IndexUnavailableException("index commit failed: " + e.getMessage(), e);
        }
    }

    /** Group commit: whoever holds the lock commits every change made so far, and the others find theirs done. */
    private void commitUpTo(long generation) throws IOException {
        if (lastCommittedGeneration >= generation) {
            return;
        }
        commitLock.lock();
        try {
            if (lastCommittedGeneration >= generation) {
                return;
            }
            // Read the time before the generation: every write counted in it was acknowledged before this instant.
            long startedAt = System.currentTimeMillis();
            long covered = writeGeneration;
            writer.setLiveCommitData(Map.of(CLEAN_CLOSE, "false", COMMITTED_AT, Long.toString(startedAt))
                    .entrySet());
            writer.commit();
            lastCommittedGeneration = covered;
        } finally {
            commitLock.unlock();
        }
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        IndexSearcher searcher = null;
        try {
            searcher = searchers.acquire();
            return work.apply(searcher);
        } catch (IOException e) {
            throw new IndexUnavailableException("index read failed: " + e.getMessage(), e);
        } finally {
            if (searcher != null) {
                try {
                    searchers.release(searcher);
                } catch (IOException e) {
                    // a failed release only leaks a reader reference; the read itself succeeded
                }
            }
        }
    }

    @FunctionalInterface
    private interface IndexWrite {
        void run() throws IOException;
    }

    @FunctionalInterface
    private interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    @FunctionalInterface
    private interface ScoreScale {
        double apply(float score);
    }
}
