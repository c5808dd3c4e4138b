package io.segmentindex.indexing.solr;

import io.segmentindex.indexing.Exclusions;
import io.segmentindex.indexing.IndexHit;
import io.segmentindex.indexing.IndexNode;
import io.segmentindex.indexing.IndexUnavailableException;
import io.segmentindex.indexing.SegmentIndex;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.client.solrj.request.AbstractUpdateRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.util.ContentStreamBase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.segmentindex.indexing.IndexFields.CONTENT;
import static io.segmentindex.indexing.IndexFields.DATASET_ID;
import static io.segmentindex.indexing.IndexFields.DOCUMENT_ID;
import static io.segmentindex.indexing.IndexFields.KEYWORDS;
import static io.segmentindex.indexing.IndexFields.NODE_ID;
import static io.segmentindex.indexing.IndexFields.PARENT_NODE_ID;
import static io.segmentindex.indexing.IndexFields.SEGMENT_ID;
import static io.segmentindex.indexing.IndexFields.VECTOR;

/**
 * SolrCloud through SolrJ's CloudHttp2SolrClient: every replica of the service shares one collection. The
 * configset in {@code solr/segment-index} is uploaded and the collection created on first use if missing. A
 * write ends with a soft commit that waits for the new searcher, so it returns once searches see it; hard
 * commits are left to autoCommit. Documents are keyed {@code <dataset>!<node>}: nodes stay scoped to their
 * dataset and the compositeId router keeps each dataset on one shard, where its searches are routed.
 */
public class SolrSegmentIndex implements SegmentIndex, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SolrSegmentIndex.class.getName());

    static final String CONFIGSET_RESOURCE = "solr/segment-index/";
    static final List<String> CONFIGSET_FILES = List.of("solrconfig.xml", "schema.xml", "stopwords.txt");

    static final String ID = "id";
    private static final String ROUTE = "_route_";

    private final SolrSettings settings;
    private final SolrClient client;
    private final String collection;
    private volatile boolean ready;
    private volatile boolean closed;

    public SolrSegmentIndex(SolrSettings settings) {
        this.settings = settings;
        this.collection = settings.collection();
        Http2SolrClient.Builder http = new Http2SolrClient.Builder()
                .withConnectionTimeout(settings.connectTimeoutMs(), TimeUnit.MILLISECONDS)
                .withIdleTimeout(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS)
                .withRequestTimeout(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        CloudHttp2SolrClient.Builder cloud = settings.zkHosts().isEmpty()
                ? new CloudHttp2SolrClient.Builder(settings.solrUrls())
                : new CloudHttp2SolrClient.Builder(settings.zkHosts(), settings.zkChroot())
                        .withZkConnectTimeout(settings.connectTimeoutMs(), TimeUnit.MILLISECONDS);
        this.client = cloud.withInternalClientBuilder(http).build();
    }

    /** Uploads the configset and creates the collection unless they exist; safe when several replicas race. */
    public void ensureCollection() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            try {
                List<String> configSets = new ConfigSetAdminRequest.List().process(client).getConfigSets();
                if (!configSets.contains(settings.configSet())) {
                    LOG.info(() -> "Uploading the Solr configset " + settings.configSet());
                    uploadConfigSet();
                }
                if (!CollectionAdminRequest.listCollections(client).contains(collection)) {
                    LOG.info(() -> "Creating the Solr collection " + collection + " (" + settings.shards()
                            + " shards x " + settings.replicas() + " replicas)");
                    createCollection();
                }
                ready = true;
            } catch (SolrServerException | IOException | SolrException e) {
                throw new IndexUnavailableException("SolrCloud is not reachable or refused the collection setup: "
                        + e.getMessage(), e);
            }
        }
    }

    private void uploadConfigSet() throws SolrServerException, IOException {
        try {
            new ConfigSetAdminRequest.Upload()
                    .setConfigSetName(settings.configSet())
                    .setUploadStream(new ContentStreamBase.ByteArrayStream(configSetZip(), "configset.zip",
                            "application/zip"))
                    .process(client);
        } catch (SolrException e) {
            // Another replica uploaded it meanwhile.
            if (!new ConfigSetAdminRequest.List().process(client).getConfigSets().contains(settings.configSet())) {
                throw e;
            }
        }
    }

    private void createCollection() throws SolrServerException, IOException {
        CollectionAdminRequest.Create create = CollectionAdminRequest.createCollection(collection,
                settings.configSet(), settings.shards(), settings.replicas());
        create.setWaitForFinalState(true);
        try {
            create.process(client);
        } catch (SolrException | SolrServerException e) {
            if (!CollectionAdminRequest.listCollections(client).contains(collection)) {
                throw e;
            }
        }
    }

    static byte[] configSetZip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String file : CONFIGSET_FILES) {
                try (InputStream in = SolrSegmentIndex.class.getClassLoader()
                        .getResourceAsStream(CONFIGSET_RESOURCE + file)) {
                    if (in == null) {
                        throw new IllegalStateException("configset file missing from the application: " + file);
                    }
                    zip.putNextEntry(new ZipEntry(file));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void upsert(String datasetId, List<IndexNode> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        List<List<IndexNode>> chunks = chunks(nodes);
        for (int i = 0; i < chunks.size(); i++) {
            UpdateRequest update = new UpdateRequest();
            for (IndexNode node : chunks.get(i)) {
                update.add(toDocument(datasetId, node));
            }
            write(update, i == chunks.size() - 1);
        }
    }

    @Override
    public void delete(String datasetId, Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            return;
        }
        List<List<String>> chunks = chunks(new ArrayList<>(new LinkedHashSet<>(nodeIds)));
        for (int i = 0; i < chunks.size(); i++) {
            List<String> chunk = chunks.get(i);
            UpdateRequest update = new UpdateRequest();
            update.deleteById(chunk.stream().map(id -> key(datasetId, id)).toList());
            // Child nodes point at their parent; they are found by query, in the same request.
            update.deleteByQuery("+" + term(DATASET_ID, datasetId) + " +" + PARENT_NODE_ID + ":(" + String.join(" ",
                    chunk.stream().map(ClientUtils::escapeQueryChars).toList()) + ")");
            update.setParam(ROUTE, route(datasetId));
            write(update, i == chunks.size() - 1);
        }
    }

    @Override
    public void deleteDocument(String datasetId, String documentId) {
        UpdateRequest update = new UpdateRequest();
        update.deleteByQuery("+" + term(DATASET_ID, datasetId) + " +" + term(DOCUMENT_ID, documentId));
        update.setParam(ROUTE, route(datasetId));
        write(update, true);
    }

    @Override
    public void deleteDataset(String datasetId) {
        UpdateRequest update = new UpdateRequest();
        update.deleteByQuery(term(DATASET_ID, datasetId));
        update.setParam(ROUTE, route(datasetId));
        write(update, true);
    }

    @Override
    public List<IndexHit> vectorSearch(String datasetId, float[] vector, int topK, Exclusions exclusions) {
        int k = Math.max(topK, settings.knnCandidates());
        SolrQuery query = scoped(datasetId, exclusions);
        // Filter queries are pre-filters of the kNN query: exclusions do not use up slots of top_k.
        query.setQuery("{!knn f=" + VECTOR + " topK=" + k + "}" + vectorLiteral(vector));
        query.setRows(topK);
        query.setFields(NODE_ID, SEGMENT_ID, "score");
        // Solr scores cosine as (1 + cos) / 2, as Lucene does; callers get the cosine itself.
        return hits(query, score -> Math.max(0.0, 2.0 * score - 1.0));
    }

    @Override
    public List<IndexHit> textSearch(String datasetId, TextField field, String text, int topK,
                                     Exclusions exclusions) {
        // Each whitespace-separated word becomes one escaped clause, OR-ed: the field's analyzer then yields
        // the same terms (lower-cased, stop words dropped) as the embedded index's query.
        List<String> words = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(ClientUtils.escapeQueryChars(word.toLowerCase(Locale.ROOT)));
            }
        }
        if (words.isEmpty()) {
            return List.of();
        }
        SolrQuery query = scoped(datasetId, exclusions);
        query.setQuery(String.join(" ", words));
        query.set("defType", "lucene");
        query.set("df", field == TextField.KEYWORDS ? KEYWORDS : CONTENT);
        query.set("q.op", "OR");
        query.set("sow", true);
        query.setRows(topK);
        query.setFields(NODE_ID, SEGMENT_ID, "score");
        // BM25 is unbounded; s / (s + 1) keeps the order and puts it on the same [0, 1) scale as cosine.
        return hits(query, score -> score / (score + 1.0));
    }

    @Override
    public Map<String, String> segmentsOf(String datasetId, Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(nodeIds)))) {
            SolrQuery query = new SolrQuery("{!terms f=" + NODE_ID + " separator=\" \"}" + String.join(" ", chunk));
            query.addFilterQuery(term(DATASET_ID, datasetId));
            query.set(ROUTE, route(datasetId));
            query.setRows(chunk.size());
            query.setFields(NODE_ID, SEGMENT_ID);
            for (SolrDocument doc : query(query).getResults()) {
                out.put((String) doc.getFieldValue(NODE_ID), (String) doc.getFieldValue(SEGMENT_ID));
            }
        }
        return out;
    }

    @Override
    public List<String> nodeIdsAfter(String datasetId, String afterNodeId, int limit) {
        SolrQuery query = new SolrQuery("*:*");
        query.addFilterQuery(term(DATASET_ID, datasetId));
        if (!afterNodeId.isEmpty()) {
            query.addFilterQuery(NODE_ID + ":{" + ClientUtils.escapeQueryChars(afterNodeId) + " TO *]");
        }
        query.set(ROUTE, route(datasetId));
        query.setFields(NODE_ID);
        query.setRows(limit);
        // Strings sort by their UTF-8 bytes, as the other backends and the database list node ids.
        query.setSort(NODE_ID, SolrQuery.ORDER.asc);
        List<String> out = new ArrayList<>();
        for (SolrDocument doc : query(query).getResults()) {
            out.add((String) doc.getFieldValue(NODE_ID));
        }
        return out;
    }

    @Override
    public long count(String datasetId) {
        SolrQuery query = new SolrQuery("*:*");
        query.addFilterQuery(term(DATASET_ID, datasetId));
        query.set(ROUTE, route(datasetId));
        query.setRows(0);
        return query(query).getResults().getNumFound();
    }

    /** Reachable and the collection answers a query. */
    @Override
    public boolean isHealthy() {
        if (closed) {
            return false;
        }
        try {
            SolrQuery query = new SolrQuery("*:*");
            query.setRows(0);
            query(query);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A remote outage is not this process's fault: restarting it would not help, so it never counts as broken. */
    @Override
    public boolean isBroken() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        client.close();
    }

    private SolrInputDocument toDocument(String datasetId, IndexNode node) {
        SolrInputDocument doc = new SolrInputDocument();
        doc.addField(ID, key(datasetId, node.nodeId()));
        doc.addField(NODE_ID, node.nodeId());
        if (node.parentNodeId() != null) {
            doc.addField(PARENT_NODE_ID, node.parentNodeId());
        }
        doc.addField(SEGMENT_ID, node.segmentId());
        doc.addField(DOCUMENT_ID, node.documentId());
        doc.addField(DATASET_ID, datasetId);
        doc.addField(CONTENT, node.content());
        if (!node.keywords().isEmpty()) {
            doc.addField(KEYWORDS, String.join(" ", node.keywords()));
        }
        if (node.vector() != null) {
            List<Float> vector = new ArrayList<>(node.vector().length);
            for (float f : node.vector()) {
                vector.add(f);
            }
            doc.addField(VECTOR, vector);
        }
        return doc;
    }

    /** The dataset filter (cached: it repeats) and the exclusions (not cached: they change with every toggle). */
    private SolrQuery scoped(String datasetId, Exclusions exclusions) {
        SolrQuery query = new SolrQuery();
        query.addFilterQuery(term(DATASET_ID, datasetId));
        if (!exclusions.isEmpty()) {
            StringBuilder fq = new StringBuilder("{!bool cache=false filter=$all");
            query.set("all", "*:*");
            if (!exclusions.segmentIds().isEmpty()) {
                fq.append(" must_not=$xs");
                query.set("xs", termsQuery(SEGMENT_ID, exclusions.segmentIds()));
            }
            if (!exclusions.documentIds().isEmpty()) {
                fq.append(" must_not=$xd");
                query.set("xd", termsQuery(DOCUMENT_ID, exclusions.documentIds()));
            }
            query.addFilterQuery(fq.append('}').toString());
        }
        query.set(ROUTE, route(datasetId));
        return query;
    }

    private List<IndexHit> hits(SolrQuery query, ScoreScale scale) {
        QueryResponse response = query(query);
        List<IndexHit> hits = new ArrayList<>(response.getResults().size());
        for (SolrDocument doc : response.getResults()) {
            float score = ((Number) doc.getFieldValue("score")).floatValue();
            hits.add(new IndexHit((String) doc.getFieldValue(NODE_ID), (String) doc.getFieldValue(SEGMENT_ID),
                    scale.apply(score)));
        }
        return hits;
    }

    private QueryResponse query(SolrQuery query) {
        ensureCollection();
        try {
            // POST: exclusion lists and id lists can be far longer than a URL may be.
            return new QueryRequest(query, SolrRequest.METHOD.POST).process(client, collection);
        } catch (SolrServerException | IOException | SolrException e) {
            throw new IndexUnavailableException("Solr query failed: " + e.getMessage(), e);
        }
    }

    private void write(UpdateRequest update, boolean makeVisible) {
        ensureCollection();
        if (makeVisible) {
            update.setAction(AbstractUpdateRequest.ACTION.COMMIT, true, true, true);
        }
        try {
            update.process(client, collection);
        } catch (SolrServerException | IOException | SolrException e) {
            throw new IndexUnavailableException("Solr write failed: " + e.getMessage(), e);
        }
    }

    private <T> List<List<T>> chunks(List<T> items) {
        int size = settings.batchSize();
        List<List<T>> out = new ArrayList<>((items.size() + size - 1) / size);
        for (int from = 0; from < items.size(); from += size) {
            out.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return out;
    }

    private static String key(String datasetId, String nodeId) {
        return datasetId + "!" + nodeId;
    }

    private static String route(String datasetId) {
        return datasetId + "!";
    }

    private static String term(String field, String value) {
        return field + ":" + ClientUtils.escapeQueryChars(value);
    }

    private static String termsQuery(String field, Collection<String> values) {
        return "{!terms f=" + field + " separator=\" \"}" + String.join(" ", values);
    }

    private static String vectorLiteral(float[] vector) {
        StringBuilder out = new StringBuilder(vector.length * 12).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(vector[i]);
        }
        return out.append(']').toString();
    }

    @FunctionalInterface
    private interface ScoreScale {
        double apply(float score);
    }
}
