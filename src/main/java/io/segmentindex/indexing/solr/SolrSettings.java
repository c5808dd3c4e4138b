package io.segmentindex.indexing.solr;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where the SolrCloud cluster is and how the collection is laid out. Either ZooKeeper hosts
 * ({@code zk1:2181,zk2:2181/solr}, chroot after the first slash) or Solr base URLs; ZooKeeper wins if both are set.
 */
public record SolrSettings(List<String> zkHosts, Optional<String> zkChroot, List<String> solrUrls,
                           String collection, String configSet, int shards, int replicas,
                           int connectTimeoutMs, int requestTimeoutMs, int knnCandidates, int batchSize) {

    public SolrSettings {
        zkHosts = List.copyOf(zkHosts);
        solrUrls = List.copyOf(solrUrls);
        if (zkHosts.isEmpty() && solrUrls.isEmpty()) {
            throw new IllegalArgumentException(
                    "index.backend=solr needs index.solr.zk-hosts (SOLR_ZK_HOSTS) or index.solr.urls (SOLR_URLS)");
        }
        if (shards < 1 || replicas < 1 || batchSize < 1) {
            throw new IllegalArgumentException("index.solr shards, replicas and batch size must be at least 1");
        }
    }

    /** Parses {@code host:port,host:port[/chroot]}. */
    public static SolrSettings of(String zkHosts, String solrUrls, String collection, String configSet, int shards,
                                  int replicas, int connectTimeoutMs, int requestTimeoutMs, int knnCandidates,
                                  int batchSize) {
        List<String> zk = List.of();
        Optional<String> chroot = Optional.empty();
        String hosts = zkHosts == null ? "" : zkHosts.trim();
        if (!hosts.isEmpty()) {
            int slash = hosts.indexOf('/');
            if (slash >= 0) {
                String root = hosts.substring(slash);
                chroot = root.equals("/") ? Optional.empty() : Optional.of(root);
                hosts = hosts.substring(0, slash);
            }
            zk = split(hosts);
        }
        return new SolrSettings(zk, chroot, split(solrUrls), collection, configSet, shards, replicas,
                connectTimeoutMs, requestTimeoutMs, knnCandidates, batchSize);
    }

    private static List<String> split(String csv) {
        if (csv == null) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
