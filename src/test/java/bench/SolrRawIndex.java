package bench;

import bench.ToggleBenchmark.Seg;
import jakarta.json.Json;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.client.solrj.request.AbstractUpdateRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.ZkStateReader;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A collection of its own in the server's SolrCloud, created from the server's configset with the server's
 * collection layout, written through CloudHttp2SolrClient as SolrSegmentIndex writes: the same documents and ids,
 * the same update requests, each ending in a soft commit that waits for the new searchers. Hard commits are the
 * configset's autoCommit, as for the server's collection.
 */
final class SolrRawIndex implements RawIndex {

    static final String SERVER_COLLECTION = "segments";
    static final String COLLECTION = "bench_raw_segments";
    static final int LOAD_BATCH = 500;

    private final String dataset;
    private final CloudHttp2SolrClient client;
    private final String layout;
    private final String zkHosts;

    SolrRawIndex(String zkHosts, String dataset, List<Seg> all) throws Exception {
        this.dataset = dataset;
        this.zkHosts = zkHosts;
        client = client(zkHosts);
        layout = createLikeServer(client, COLLECTION);
        for (int i = 0; i < all.size(); i += LOAD_BATCH) {
            UpdateRequest update = new UpdateRequest();
            all.subList(i, Math.min(all.size(), i + LOAD_BATCH)).forEach(s -> update.add(document(s)));
            update.process(client, COLLECTION);
        }
        client.commit(COLLECTION, true, true);
    }

    /** A client of the cluster at {@code host:port,...[/chroot]}, the form of the server's index.solr.zk-hosts. */
    static CloudHttp2SolrClient client(String zkHosts) {
        if (zkHosts == null || zkHosts.isBlank()) {
            throw new IllegalArgumentException("bench.index=solr needs bench.solr.zk-hosts");
        }
        int slash = zkHosts.indexOf('/');
        List<String> hosts = List.of((slash < 0 ? zkHosts : zkHosts.substring(0, slash)).split(","));
        Optional<String> chroot = slash < 0 ? Optional.empty() : Optional.of(zkHosts.substring(slash));
        return new CloudHttp2SolrClient.Builder(hosts, chroot)
                .withHttpClientBuilder(new Http2SolrClient.Builder()
                        .withRequestTimeout(60, TimeUnit.SECONDS).withIdleTimeout(60, TimeUnit.SECONDS))
                .build();
    }

    /**
     * A fresh collection with the configset and layout of the server's, which the server created at start-up.
     * Returns its description for the BENCH lines.
     */
    static String createLikeServer(CloudHttp2SolrClient client, String name) throws Exception {
        DocCollection server = client.getClusterStateProvider().getCollection(SERVER_COLLECTION);
        int shards = server.getSlices().size();
        int replicas = server.getSlices().iterator().next().getReplicas().size();
        if (CollectionAdminRequest.listCollections(client).contains(name)) {
            CollectionAdminRequest.deleteCollection(name).process(client);
        }
        CollectionAdminRequest.createCollection(name, server.getConfigName(), shards, replicas).process(client);
        // Until every replica is active, so the first writes meet the final layout.
        ZkStateReader.from(client).waitForState(name, 60, TimeUnit.SECONDS,
                (nodes, state) -> state != null && state.getActiveSlices().size() == shards
                        && state.getActiveSlices().stream().allMatch(slice -> slice.getReplicas().size() == replicas
                                && slice.getReplicas().stream().allMatch(r -> r.isActive(nodes))));
        return String.format(Locale.ROOT, "%s, %d shard(s) x %d replicas, configset %s", name, shards, replicas,
                server.getConfigName());
    }

    @Override
    public void add(Seg s) throws Exception {
        UpdateRequest update = new UpdateRequest();
        update.add(document(s));
        visible(update);
    }

    @Override
    public void delete(Seg s) throws Exception {
        deleteChunk(List.of(s));
    }

    /** SolrSegmentIndex.delete: by id, and children by parent in the same request, routed to the dataset. */
    @Override
    public void deleteChunk(List<Seg> segs) throws Exception {
        UpdateRequest update = new UpdateRequest();
        update.deleteById(segs.stream().map(this::key).toList());
        update.deleteByQuery("+dataset_id:" + ClientUtils.escapeQueryChars(dataset) + " +parent_node_id:("
                + String.join(" ", segs.stream().map(s -> ClientUtils.escapeQueryChars(s.nodeId())).toList()) + ")");
        update.setParam("_route_", dataset + "!");
        visible(update);
    }

    @Override
    public void restore(Collection<Seg> segs) throws Exception {
        List<Seg> list = new ArrayList<>(segs);
        for (int i = 0; i < list.size(); i += LOAD_BATCH) {
            UpdateRequest update = new UpdateRequest();
            list.subList(i, Math.min(list.size(), i + LOAD_BATCH)).forEach(s -> update.add(document(s)));
            update.process(client, COLLECTION);
        }
        client.commit(COLLECTION, true, true);
    }

    @Override
    public int docs() throws Exception {
        SolrQuery query = new SolrQuery("*:*");
        query.setRows(0);
        return (int) client.query(COLLECTION, query).getResults().getNumFound();
    }

    @Override
    public String toggleStep() {
        return "Solr add/delete by id + children by query, soft commit waiting for searchers";
    }

    @Override
    public String bulkStep() {
        return "Solr delete by ids + children by query + soft commit waiting for searchers per chunk";
    }

    @Override
    public String holds() {
        return "Solr client only; the baseline collection " + layout + " lives in the SolrCloud JVM, RSS "
                + solrCloudRssMb(zkHosts) + " MB with the server's collection";
    }

    /** The build's SolrCloud process (src/dev/SolrCloudService.java) on this ZooKeeper port, or "?" if not found. */
    static String solrCloudRssMb(String zkHosts) {
        String first = zkHosts.split("[,/]")[0];
        String port = "--zk-port=" + first.substring(first.lastIndexOf(':') + 1);
        // ProcessHandle.Info gives no command line this long (the classpath), so /proc is read directly.
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    try {
                        String cmd = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"));
                        return cmd.contains("SolrCloudService") && cmd.contains(port);
                    } catch (IOException | RuntimeException e) {
                        return false;
                    }
                })
                .findFirst()
                .map(p -> {
                    try {
                        return String.format(Locale.ROOT, "%,d", ToggleBenchmark.rssKb(p.pid()) / 1024);
                    } catch (IOException e) {
                        return "?";
                    }
                })
                .orElse("?");
    }

    /** SolrSegmentIndex.write: the request carries a soft commit that waits for the new searchers. */
    private void visible(UpdateRequest update) throws Exception {
        update.setAction(AbstractUpdateRequest.ACTION.COMMIT, true, true, true);
        update.process(client, COLLECTION);
    }

    /** The fields SolrSegmentIndex writes for an economy node (no vector), keyed {@code <dataset>!<node>}. */
    private SolrInputDocument document(Seg s) {
        SolrInputDocument doc = new SolrInputDocument();
        doc.addField("id", key(s));
        doc.addField("node_id", s.nodeId());
        doc.addField("segment_id", s.id());
        doc.addField("document_id", s.documentId());
        doc.addField("dataset_id", dataset);
        doc.addField("content", s.content());
        String keywords = keywords(s.keywords());
        if (!keywords.isEmpty()) {
            doc.addField("keywords", keywords);
        }
        return doc;
    }

    private String key(Seg s) {
        return dataset + "!" + s.nodeId();
    }

    /** The column holds a JSON array; the adapter indexes the words joined by spaces. */
    private static String keywords(String json) {
        if (json == null || json.isBlank()) {
            return "";
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            List<String> words = new ArrayList<>();
            for (JsonValue v : reader.readArray()) {
                words.add(((JsonString) v).getString());
            }
            return String.join(" ", words);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            CollectionAdminRequest.deleteCollection(COLLECTION).process(client);
        } finally {
            client.close();
        }
    }
}
