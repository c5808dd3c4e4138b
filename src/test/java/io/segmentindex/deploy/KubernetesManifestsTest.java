package io.segmentindex.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.segmentindex.deploy.DeploymentFiles.at;
import static io.segmentindex.deploy.DeploymentFiles.find;
import static io.segmentindex.deploy.DeploymentFiles.list;
import static io.segmentindex.deploy.DeploymentFiles.map;
import static io.segmentindex.deploy.DeploymentFiles.read;
import static io.segmentindex.deploy.DeploymentFiles.str;
import static io.segmentindex.deploy.DeploymentFiles.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rendered kustomizations (base and production) against what the server really does: its HTTP port from
 * server.xml, the settings it reads, where it writes, the health and metrics endpoints it serves.
 */
class KubernetesManifestsTest {

    /** Settings only development builds and tests use: absent from a deployment, or explicitly off. */
    private static final Set<String> DEVELOPMENT_ONLY = Set.of("background-work.enabled");
    /** Read by the mpJwt feature (server.xml's mpJwt element); one of the two keys must be given. */
    private static final Set<String> JWT = Set.of("mp.jwt.verify.issuer", "mp.jwt.verify.audiences");
    private static final Set<String> JWT_KEY = Set.of("mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location");

    record Rendered(List<Map<String, Object>> docs) {
        Map<String, Object> one(String kind, String name) {
            return docs.stream().filter(d -> kind.equals(d.get("kind")) && (name == null
                    || name.equals(at(d, "metadata.name")))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
        }

        List<Map<String, Object>> all(String kind) {
            return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        }

        Map<String, Object> pod() {
            List<Map<String, Object>> workloads = all("StatefulSet").isEmpty() ? all("Deployment") : all("StatefulSet");
            assertEquals(1, workloads.size(), "one workload");
            return map(at(workloads.get(0), "spec.template"));
        }

        List<Map<String, Object>> containers() {
            Map<String, Object> spec = map(pod().get("spec"));
            return Stream.concat(list(spec.get("initContainers")).stream(), list(spec.get("containers")).stream())
                    .map(DeploymentFiles::map).toList();
        }

        /** What the containers get from ConfigMaps (rendered) and the Secret (its template): name -> value. */
        Map<String, String> environment() {
            Map<String, String> env = new HashMap<>();
            for (Map<String, Object> c : containers()) {
                for (Object from : list(c.get("envFrom"))) {
                    Map<String, Object> f = map(from);
                    if (f.containsKey("configMapRef")) {
                        map(one("ConfigMap", str(at(f, "configMapRef.name"))).get("data"))
                                .forEach((k, v) -> env.put(k, str(v)));
                    }
                    if (f.containsKey("secretRef")) {
                        Map<String, Object> secret = yaml(read("k8s/base/secret.example.yaml")).get(0);
                        assertEquals(at(secret, "metadata.name"), at(f, "secretRef.name"), "the Secret of the template");
                        map(secret.get("stringData")).forEach((k, v) -> env.put(k, str(v)));
                    }
                }
                for (Object e : list(c.get("env"))) {
                    env.put(str(map(e).get("name")), str(map(e).get("value")));
                }
            }
            return env;
        }

        /** A container port by number or name. */
        int containerPort(Object port) {
            if (port instanceof Integer number) {
                return number;
            }
            return containers().stream().flatMap(c -> list(c.get("ports")).stream()).map(DeploymentFiles::map)
                    .filter(p -> Objects.equals(p.get("name"), port)).map(p -> (Integer) p.get("containerPort"))
                    .findFirst().orElseThrow(() -> new AssertionError("no container port " + port));
        }
    }

    private static Rendered render(String dir) {
        return new Rendered(Kustomize.render(dir));
    }

    /** The port of server.xml's httpEndpoint, resolved through the environment the pod gets. */
    private static int httpPort(Map<String, String> env) {
        String declared = find(read("liberty/server.xml"), "<httpEndpoint[^>]*httpPort=\"([^\"]+)\"");
        Matcher variable = Pattern.compile("\\$\\{([^}]+)}").matcher(declared);
        if (!variable.matches()) {
            return Integer.parseInt(declared);
        }
        String value = env.get(envName(variable.group(1)));
        assertNotNull(value, () -> "the pod does not set " + envName(variable.group(1)) + " for " + declared);
        return Integer.parseInt(value);
    }

    /** The environment variable MicroProfile Config and Liberty's variables both look up for a key. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** Keys whose default in microprofile-config.properties names a shorter environment variable (SOLR_URLS). */
    static Map<String, String> environmentAliases() {
        Map<String, String> aliases = new java.util.HashMap<>();
        Matcher m = Pattern.compile("(?m)^([\\w.-]+)=\\$\\{([A-Z0-9_]+):[^}]*}$")
                .matcher(read("src/main/resources/META-INF/microprofile-config.properties"));
        while (m.find()) {
            aliases.put(m.group(1), m.group(2));
        }
        return aliases;
    }

    /**
     * Keys the server reads: server.xml variables, config properties, the mpJwt feature's keys and the OpenTelemetry
     * settings the mpTelemetry feature reads.
     */
    static Set<String> settingsTheServerReads() throws IOException {
        Set<String> keys = new TreeSet<>();
        String server = read("liberty/server.xml");
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(server);
        while (m.find()) {
            // Liberty's own locations (server.config.dir, ...) are not settings.
            if (!m.group(1).matches("(server|wlp|shared|usr)\\..*")) {
                keys.add(m.group(1));
            }
        }
        Matcher declared = Pattern.compile("<variable name=\"([^\"]+)\"").matcher(server);
        while (declared.find()) {
            keys.add(declared.group(1));
        }
        assertFalse(read("liberty/jvm.options").contains("${"), "jvm.options reads no variables");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher property = Pattern.compile(
                        "@ConfigProperty\\(name = \"([^\"]+)\"|config\\.get(?:Optional)?Value\\(\"([^\"]+)\"")
                        .matcher(read(source.toString()));
                while (property.find()) {
                    keys.add(property.group(1) != null ? property.group(1) : property.group(2));
                }
            }
        }
        // Read by the MicroProfile Telemetry feature: the application's OpenTelemetry defaults, and the endpoint
        // that turns tracing on (platform.OtlpEndpointSwitch).
        Matcher otel = Pattern.compile("(?m)^(otel\\.[\\w.]+)=")
                .matcher(read("src/main/resources/META-INF/microprofile-config.properties"));
        while (otel.find()) {
            keys.add(otel.group(1));
        }
        keys.add("otel.exporter.otlp.endpoint");
        keys.addAll(JWT);
        keys.addAll(JWT_KEY);
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/production"})
    void everyContainerProbesTheHealthEndpointsOnTheServersHttpPort(String dir) {
        Rendered r = render(dir);
        assertEquals(1, at(r.one("StatefulSet", null), "spec.replicas"), "one writer per Lucene index");
        int port = httpPort(r.environment());
        assertTrue(read("liberty/server.xml").contains("<feature>mpHealth-"), "the health endpoints exist");
        Map<String, String> paths = Map.of("startupProbe", "/health/started", "readinessProbe", "/health/ready",
                "livenessProbe", "/health/live");
        for (Map<String, Object> c : r.containers()) {
            paths.forEach((probe, path) -> {
                Map<String, Object> get = map(at(map(c.get(probe)), "httpGet"));
                assertEquals(path, get.get("path"), c.get("name") + " " + probe);
                assertEquals(port, r.containerPort(get.get("port")), c.get("name") + " " + probe + " port");
            });
            Map<String, Object> startup = map(c.get("startupProbe"));
            int startupSeconds = (Integer) startup.get("periodSeconds") * (Integer) startup.get("failureThreshold");
            assertTrue(startupSeconds >= 120, "a cold start (no class cache, model load, migrations) fits: " + startupSeconds);
            Map<String, Object> live = map(c.get("livenessProbe"));
            assertTrue((Integer) live.get("periodSeconds") * (Integer) live.get("failureThreshold") >= 30,
                    "a long GC pause does not restart the pod");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/production"})
    void resourcesAreBoundedAndFitTheMeasuredFootprint(String dir) {
        Rendered r = render(dir);
        long measured = Long.parseLong(find(read("k8s/base/statefulset.yaml"), "measured RSS: (\\d+) MiB")) << 20;
        long heap = bytes(find(read("liberty/jvm.options"), "(?m)^-Xmx(\\S+)$"));
        for (Map<String, Object> c : r.containers()) {
            Map<String, Object> res = map(c.get("resources"));
            for (String key : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
                assertNotNull(at(res, key), c.get("name") + " " + key);
            }
            long request = bytes(str(at(res, "requests.memory")));
            long limit = bytes(str(at(res, "limits.memory")));
            assertTrue(request >= measured, "memory request " + request + " covers the measured RSS " + measured);
            assertTrue(limit >= measured * 5 / 4, "memory limit " + limit + " leaves 25% over the measured RSS");
            assertTrue(limit >= heap * 3 / 2, "memory limit " + limit + " holds the heap (-Xmx) and native memory");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/production"})
    void thePodRunsAsNonRootOnAReadOnlyRootWithVolumesWhereTheServerWrites(String dir) {
        Rendered r = render(dir);
        Map<String, Object> podSecurity = map(at(r.pod(), "spec.securityContext"));
        assertEquals(true, podSecurity.get("runAsNonRoot"));
        String imageUser = find(read("Dockerfile"), "(?m)^USER (\\d+)$");
        assertEquals(Integer.parseInt(imageUser), podSecurity.get("runAsUser"), "the image's user");
        assertNotEquals(0, podSecurity.get("runAsUser"));
        Map<String, String> env = r.environment();
        String docker = read("Dockerfile");
        for (Map<String, Object> c : r.containers()) {
            Map<String, Object> sc = map(c.get("securityContext"));
            assertEquals(false, sc.get("allowPrivilegeEscalation"), c.get("name") + "");
            assertNotEquals(true, sc.get("privileged"));
            assertEquals(true, sc.get("readOnlyRootFilesystem"), c.get("name") + "");
            assertTrue(list(at(sc, "capabilities.drop")).contains("ALL"));
            List<String> mounts = list(c.get("volumeMounts")).stream().map(v -> str(map(v).get("mountPath"))).toList();
            // Where the server writes: the index, Liberty's output and logs (the image's WLP_OUTPUT_DIR and
            // LOG_DIR), and temporary files including the embedding runtime's natives and tokenizer cache.
            List<String> written = List.of(env.get("INDEX_DIR"), "/opt/ol/wlp/output/defaultServer/workarea",
                    "/logs/messages.log", "/tmp/hsperfdata", find(docker, "DJL_CACHE_DIR=(\\S+)"));
            for (String path : written) {
                assertTrue(mounts.stream().anyMatch(m -> path.equals(m) || path.startsWith(m + "/")),
                        () -> path + " is on a writable volume: " + mounts);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/production", "k8s/overlays/solr"})
    void everySettingTheServerReadsIsProvidedAndNothingElse(String dir) throws IOException {
        Map<String, String> env = render(dir).environment();
        Set<String> reads = settingsTheServerReads();
        Map<String, String> aliases = environmentAliases();
        aliases.forEach((key, alias) -> {
            if (env.containsKey(alias)) {
                env.put(envName(key), env.remove(alias));
            }
        });
        boolean solr = "solr".equals(env.get("INDEX_BACKEND"));
        Set<String> missing = new TreeSet<>();
        for (String key : reads) {
            if (key.startsWith("index.solr.") && !solr) {
                assertFalse(env.containsKey(envName(key)), key + " is set but the backend is not solr");
            } else if (DEVELOPMENT_ONLY.contains(key)) {
                String value = env.get(envName(key));
                assertTrue(value == null || value.equals("false"), key + " is off in a deployment: " + value);
            } else if (!JWT_KEY.contains(key) && !env.containsKey(envName(key))) {
                missing.add(envName(key) + " (" + key + ")");
            }
        }
        assertEquals(Set.of(), missing, "read by the server but given by neither the ConfigMap nor the Secret");
        assertTrue(JWT_KEY.stream().anyMatch(k -> env.containsKey(envName(k))), "a key to verify tokens");
        Set<String> known = new TreeSet<>();
        reads.forEach(k -> known.add(envName(k)));
        Set<String> unread = new TreeSet<>(env.keySet());
        unread.removeAll(known);
        assertEquals(Set.of(), unread, "set in the ConfigMap or Secret but read by nothing (a typo?)");
        Map<String, Object> configMap = map(render(dir).one("ConfigMap", "segment-index").get("data"));
        for (String secret : List.of("DB_PASSWORD", "REDIS_URL", "MP_JWT_VERIFY_PUBLICKEY")) {
            assertFalse(configMap.containsKey(secret), secret + " belongs in the Secret");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/production"})
    void prometheusScrapesMetricsOnTheHttpPort(String dir) {
        Rendered r = render(dir);
        int port = httpPort(r.environment());
        Map<String, Object> annotations = map(at(r.pod(), "metadata.annotations"));
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals(String.valueOf(port), annotations.get("prometheus.io/port"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
        assertTrue(read("liberty/server.xml").contains("<mpMetrics authentication=\"false\"/>"), "open to scrapes");

        Map<String, Object> monitor = r.one("ServiceMonitor", null);
        Map<String, Object> selector = map(at(monitor, "spec.selector.matchLabels"));
        Map<String, Object> podLabels = map(at(r.pod(), "metadata.labels"));
        List<Map<String, Object>> services = r.all("Service").stream()
                .filter(s -> map(at(s, "metadata.labels")).entrySet().containsAll(selector.entrySet())).toList();
        assertEquals(1, services.size(), "the ServiceMonitor selects one Service (no double scrapes)");
        Map<String, Object> service = services.get(0);
        assertTrue(podLabels.entrySet().containsAll(map(at(service, "spec.selector")).entrySet()), "the Service selects the pod");
        for (Object e : list(at(monitor, "spec.endpoints"))) {
            Map<String, Object> endpoint = map(e);
            assertEquals("/metrics", endpoint.get("path"));
            Map<String, Object> servicePort = list(at(service, "spec.ports")).stream().map(DeploymentFiles::map)
                    .filter(p -> Objects.equals(p.get("name"), endpoint.get("port"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no Service port " + endpoint.get("port")));
            assertEquals(port, r.containerPort(servicePort.get("targetPort")), "scrapes the HTTP port");
        }
        // The Prometheus Operator names the job after the Service; the scrape alert relies on it.
        assertNotNull(at(monitor, "spec.endpoints"));
        assertTrue(at(monitor, "spec.jobLabel") == null);
        String downExpr = MonitoringFiles.rules().stream().filter(x -> "SegmentIndexDown".equals(x.get("alert")))
                .map(x -> str(x.get("expr"))).findFirst().orElseThrow();
        assertTrue(downExpr.contains("job=\"" + at(service, "metadata.name") + "\""), downExpr);

        Map<String, Object> policy = r.one("NetworkPolicy", null);
        assertTrue(list(at(policy, "spec.ingress")).stream()
                .flatMap(i -> list(map(i).get("ports")).stream())
                .anyMatch(p -> Objects.equals(map(p).get("port"), port)), "the NetworkPolicy lets scrapes in");
    }

    @Test
    void theProductionOverlayShipsTheAlertsAndTheDashboard() {
        Rendered r = render("k8s/overlays/production");
        assertEquals("knowledge", at(r.one("PrometheusRule", "segment-index"), "metadata.namespace"));
        Map<String, Object> dashboard = r.one("ConfigMap", "segment-index-dashboard");
        assertEquals("1", at(dashboard, "metadata.labels.grafana_dashboard"), "found by the Grafana sidecar");
        assertEquals(read(MonitoringFiles.DASHBOARD).strip(),
                str(map(dashboard.get("data")).get("segment-index-dashboard.json")).strip());
        assertTrue(str(at(r.pod(), "spec.containers")).contains("registry.example.com/knowledge/segment-index-service"));
    }

    @Test
    void everyAlertCarriesSeveritySummaryDescriptionAndRunbook() {
        List<Map<String, Object>> alerts = MonitoringFiles.rules().stream().filter(x -> x.containsKey("alert")).toList();
        assertTrue(alerts.size() >= 6, "alerts: " + alerts.size());
        for (Map<String, Object> alert : alerts) {
            assertTrue(Set.of("warning", "critical").contains(at(alert, "labels.severity")), alert.get("alert") + "");
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertFalse(str(at(alert, "annotations." + annotation)) == null
                        || str(at(alert, "annotations." + annotation)).isBlank(), alert.get("alert") + " " + annotation);
            }
        }
        Set<String> names = alerts.stream().map(a -> str(a.get("alert"))).collect(java.util.stream.Collectors.toSet());
        for (String required : List.of("SegmentIndexTaskFailureRatioHigh", "SegmentIndexFallbackRateHigh",
                "SegmentIndexBacklogGrowing", "SegmentIndexDrift", "SegmentIndexReadinessFlapping",
                "SegmentIndexTaskLatencyHigh")) {
            assertTrue(names.contains(required), required);
        }
    }

    @Test
    void alertsAndPanelsNameOnlyPinnedMetricsOrOnesFromPrometheusAndKubernetes() {
        String readme = read("README.md");
        Set<String> names = new TreeSet<>(MonitoringFiles.alertMetricNames());
        names.addAll(MonitoringFiles.dashboardMetricNames());
        assertTrue(names.contains("segment_index_task_seconds_count") && names.contains("segment_index_backlog"), names + "");
        for (String name : names) {
            boolean pinned = name.startsWith("segment_index_")
                    && readme.contains("`" + name.replaceAll("_(count|sum|max|bucket)$", "") + "`");
            boolean framework = name.startsWith("ft_") || name.matches("(memory|cpu|gc)_.*");
            assertTrue(pinned || framework || MonitoringFiles.scrapedFromElsewhere(name),
                    name + " is neither pinned in the README nor a MicroProfile, Prometheus or kube-state-metrics name");
        }
    }

    /** Where kubectl is installed, the reader used without it must render what the assertions look at alike. */
    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/production", "k8s/monitoring"})
    void theReaderForMachinesWithoutKubectlRendersLikeKubectl(String dir) {
        Assumptions.assumeTrue(Kustomize.kubectl() != null, "kubectl is not installed here");
        List<Map<String, Object>> kubectl = Kustomize.render(dir);
        List<Map<String, Object>> own = Kustomize.withoutKubectl(Path.of(dir));
        assertEquals(kubectl.size(), own.size());
        for (Map<String, Object> expected : kubectl) {
            Map<String, Object> actual = own.stream().filter(d -> d.get("kind").equals(expected.get("kind"))
                    && at(d, "metadata.name").equals(at(expected, "metadata.name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("missing " + expected.get("kind")));
            for (String part : List.of("metadata.namespace", "data", "spec.template.spec.containers",
                    "spec.template.spec.volumes", "spec.template.spec.securityContext", "spec.template.metadata.annotations",
                    "spec.ports", "spec.endpoints", "spec.groups", "spec.ingress", "spec.volumeClaimTemplates.0.spec")) {
                assertEquals(canonical(pick(expected, part)), canonical(pick(actual, part)),
                        expected.get("kind") + " " + part);
            }
        }
    }

    /** Keys sorted, as kubectl prints them. */
    private static Object canonical(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new java.util.TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        return o instanceof List<?> l ? l.stream().map(KubernetesManifestsTest::canonical).toList() : o;
    }

    private static Object pick(Map<String, Object> doc, String path) {
        String[] parts = path.split("\\.0\\.");
        Object first = at(doc, parts[0]);
        return parts.length == 1 || list(first).isEmpty() ? first : at(map(list(first).get(0)), parts[1]);
    }

    @Test
    void metricNamesAreReadFromPromQL() {
        assertEquals(Set.of("a_total", "b_seconds_count"), MonitoringFiles.metricNames(
                "sum by (ns, x) (rate(a_total{l=\"v\", m=~\"io\\\\.x\"}[5m])) / ignoring(y) "
                        + "max(b_seconds_count offset 1h) > 0.05 and on(ns) vector(1e3)"));
        assertEquals(Set.of("up"), MonitoringFiles.metricNames("up{job=\"x\"} == 0"));
        assertEquals(Set.of("c"), MonitoringFiles.metricNames("histogram_quantile(0.99, c[$__rate_interval])"));
    }

    private static long bytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)([a-zA-Z]*)").matcher(quantity);
        assertTrue(m.matches(), quantity);
        long n = Long.parseLong(m.group(1));
        // JVM sizes (k, m, g) and Kubernetes binary (Ki, Mi, Gi) and decimal (M, G) quantities.
        return switch (m.group(2)) {
            case "" -> n;
            case "k", "Ki" -> n << 10;
            case "m", "Mi" -> n << 20;
            case "g", "Gi" -> n << 30;
            case "M" -> n * 1_000_000;
            case "G" -> n * 1_000_000_000;
            default -> throw new AssertionError("unit of " + quantity);
        };
    }
}
