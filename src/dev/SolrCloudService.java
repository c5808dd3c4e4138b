import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.cloud.ZkTestServer;
import org.apache.solr.embedded.JettyConfig;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts a real SolrCloud for `mvn verify -Psolr`: an embedded ZooKeeper on a fixed port (so the server can be
 * told where it is) and Solr nodes on free ports, which the server finds through ZooKeeper. Writes a ready file
 * and blocks until the Maven process that launched it ends. A single-file source program, never in the WAR.
 */
public class SolrCloudService {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(2, eq), a.substring(eq + 1));
        }
        Path dir = Path.of(opts.get("dir"));
        Path state = dir.resolve("state");
        int zkPort = Integer.parseInt(opts.get("zk-port"));
        int nodes = Integer.parseInt(opts.getOrDefault("nodes", "2"));
        deleteTree(dir);
        Files.createDirectories(state);

        MiniSolrCloudCluster cluster;
        ZkTestServer zk;
        try {
            requireFreePort(zkPort);
            long t0 = System.nanoTime();
            zk = new ZkTestServer(dir.resolve("zookeeper"), zkPort);
            zk.run();
            cluster = new MiniSolrCloudCluster(nodes, dir.resolve("nodes"), MiniSolrCloudCluster.DEFAULT_CLOUD_SOLR_XML,
                    JettyConfig.builder().build(), zk, true);
            log(String.format("SolrCloud ready in %d ms: %d nodes, ZooKeeper %s", (System.nanoTime() - t0) / 1_000_000,
                    nodes, zk.getZkAddress()));
        } catch (Exception e) {
            log("failed to start: " + e);
            Files.writeString(state.resolve("failed"), String.valueOf(e));
            System.exit(1);
            return;
        }
        MiniSolrCloudCluster running = cluster;
        ZkTestServer zkRunning = zk;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.shutdown();
                zkRunning.shutdown();
            } catch (Exception e) {
                log("stop: " + e);
            }
        }));
        Files.writeString(state.resolve("ready"), zk.getZkAddress());
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
        Thread.currentThread().join();
    }

    private static void requireFreePort(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (ConnectException refused) {
            return;
        }
        throw new IOException("ZooKeeper port " + port + " is already in use by another process");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void log(String message) {
        System.out.println("[solrcloud] " + message);
    }
}
