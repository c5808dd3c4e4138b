package io.segmentindex.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.segmentindex.deploy.DeploymentFiles.find;
import static io.segmentindex.deploy.DeploymentFiles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container image and the manifests cannot be built or applied on a machine without Docker or a cluster,
 * so their promises are checked against the build they package: base image, user, copied paths, probes, grace.
 */
class DeploymentFilesTest {

    @Test
    void theImageRunsTheBuildsOutputsOnOpenLibertyAsNonRoot() throws IOException {
        String docker = read("Dockerfile");
        String pom = read("pom.xml");
        List<String> from = Pattern.compile("(?m)^FROM (\\S+)").matcher(docker).results().map(m -> m.group(1))
                .toList();
        assertEquals(2, from.size(), "a build stage and a runtime stage");
        assertTrue(from.get(1).startsWith("icr.io/appcafe/open-liberty:"), from.get(1));
        assertTrue(from.get(1).contains("java17") && from.get(1).contains("ubi"), from.get(1));
        String liberty = find(pom, "<liberty.runtime.version>([^<]+)</liberty.runtime.version>");
        assertTrue(from.get(1).contains(liberty), "the image's Liberty is the one the tests ran on: " + liberty);
        assertTrue(Pattern.compile("(?m)^USER 1001$").matcher(docker).find(), "non-root");
        String war = find(pom, "<finalName>([^<]+)</finalName>") + ".war";
        assertTrue(docker.contains("/src/target/" + war), "copies the WAR the build makes: " + war);
        assertTrue(docker.contains("-Pimage") && docker.contains("/src/target/liberty/wlp/usr/servers/segment-index/lib/"),
                "copies the server libraries of the server the image profile creates");
        assertTrue(find(pom, "(?s)<id>image</id>.*?<skipServer>([^<]+)</skipServer>").equals("false"),
                "the image profile creates the server, whose copyDependencies is the one list of its libraries");
        assertTrue(docker.contains("liberty/server.xml"), "server configuration from liberty/");
        assertTrue(Files.exists(Path.of("liberty/server.xml")) && Files.exists(Path.of("liberty/jvm.options")));
        assertTrue(docker.contains("INDEX_DIR=/data/index"), "the index on the volume");
    }

    @Test
    void theStatefulSetProbesHealthAndLeavesTimeForAGracefulStop() throws IOException {
        String sts = read("k8s/base/statefulset.yaml");
        String config = read("k8s/base/configmap.yaml");
        assertEquals("1", find(sts, "(?m)^  replicas: (\\d+)"), "one writer per Lucene index");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertTrue(sts.contains(probe + ":"), probe);
        }
        assertTrue(sts.contains("path: /health/started") && sts.contains("path: /health/ready")
                && sts.contains("path: /health/live"));
        int grace = Integer.parseInt(find(sts, "terminationGracePeriodSeconds: (\\d+)"));
        int preStop = Integer.parseInt(find(sts, "sleep (\\d+)"));
        int drain = Integer.parseInt(find(config, "SHUTDOWN_DRAIN_SECONDS: \"(\\d+)\""));
        assertTrue(preStop + drain + 15 <= grace, "preStop " + preStop + " + drain " + drain
                + " + quiesce must fit in the grace period " + grace);
        String kustomization = read("k8s/base/kustomization.yaml");
        Matcher listed = Pattern.compile("(?m)^  - (\\S+\\.yaml)$").matcher(kustomization);
        int count = 0;
        while (listed.find()) {
            assertTrue(Files.exists(Path.of("k8s/base", listed.group(1))), "kustomization lists " + listed.group(1));
            count++;
        }
        assertTrue(count >= 5);
    }

    @Test
    void theSolrOverlayRunsStatelessReplicasThatScaleOnCpu() throws IOException {
        String dir = "k8s/overlays/solr/";
        String kustomization = read(dir + "kustomization.yaml");
        Matcher listed = Pattern.compile("(?m)^  - (?:path: )?(\\S+\\.yaml)$").matcher(kustomization);
        while (listed.find()) {
            assertTrue(Files.exists(Path.of(dir, listed.group(1))), "kustomization lists " + listed.group(1));
        }
        assertTrue(read(dir + "delete-statefulset.yaml").contains("$patch: delete"), "no single-writer StatefulSet");
        String deployment = read(dir + "deployment.yaml");
        assertTrue(deployment.contains("kind: Deployment"));
        assertEquals("3", find(deployment, "(?m)^  replicas: (\\d+)"));
        assertTrue(!deployment.contains("volumeClaimTemplates") && !deployment.contains("persistentVolumeClaim"),
                "no index volume");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertTrue(deployment.contains(probe + ":"), probe);
        }
        String hpa = read(dir + "hpa.yaml");
        assertTrue(hpa.contains("kind: HorizontalPodAutoscaler") && hpa.contains("name: cpu")
                && hpa.contains("kind: Deployment"));
        assertEquals("3", find(hpa, "minReplicas: (\\d+)"));
        String config = read(dir + "configmap.yaml");
        assertTrue(config.contains("INDEX_BACKEND: solr") && config.contains("SOLR_ZK_HOSTS:"));
        String network = read(dir + "networkpolicy.yaml");
        assertTrue(network.contains("port: 2181") && network.contains("port: 8983"), "egress to SolrCloud");
    }

}
