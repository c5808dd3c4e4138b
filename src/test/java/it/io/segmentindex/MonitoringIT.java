package it.io.segmentindex;

import io.segmentindex.deploy.DeploymentFiles;
import io.segmentindex.deploy.MonitoringFiles;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert rules and the dashboard in k8s/monitoring name only series this server really exports: after a
 * disable and an enable, every metric name in their PromQL is on /metrics. `up` and `kube_*` are left out: they
 * come from Prometheus itself and from kube-state-metrics, never from the server.
 */
class MonitoringIT {

    private final Api api = new Api();

    @Test
    void everyMetricNamedByTheAlertsAndTheDashboardIsExportedAfterADisableAndAnEnable() {
        String ds = api.createDataset("high_quality");
        String doc = api.addDocument(ds, "Alerts need series to fire on.", "Dashboards need series to draw.");
        String segment = api.segments(ds, doc).getJsonObject(0).getString("id");
        for (String action : new String[] {"disable", "enable"}) {
            String op = api.patch("/api/v1/datasets/" + ds + "/segments/" + segment + "/" + action).expect(202).json()
                    .getString("operation_id");
            assertEquals("succeeded", api.awaitOperation(op).getString("state"), action);
        }
        api.hitTest(ds, "series", "hybrid_search", 1);

        var reply = api.send("GET", "/metrics", null, Map.of("Accept", "text/plain"));
        assertEquals(200, reply.status());
        Set<String> exported = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(reply.body());
        while (line.find()) {
            exported.add(line.group(1));
        }
        // The toggles were counted, under the labels the rules select on.
        for (String series : new String[] {
            "segment_index_task_seconds_count\\{[^}]*action=\"disable\"[^}]*outcome=\"success\"[^}]*} [1-9]",
            "segment_index_task_seconds_count\\{[^}]*action=\"enable\"[^}]*outcome=\"success\"[^}]*} [1-9]",
            "segment_index_task_seconds\\{[^}]*outcome=\"success\"[^}]*quantile=\"0.99\"[^}]*} ",
            // Histogram buckets (1 ms to 30 s) for the task, index-call and request timers.
            "segment_index_task_seconds_bucket\\{[^}]*action=\"disable\"[^}]*le=\"0.001\"[^}]*} ",
            "segment_index_task_seconds_bucket\\{[^}]*action=\"disable\"[^}]*le=\"30.0\"[^}]*} [1-9]",
            "segment_index_index_call_seconds_bucket\\{[^}]*action=\"enable\"[^}]*le=\"\\+Inf\"[^}]*} [1-9]",
            "segment_index_request_seconds_bucket\\{[^}]*route=\"/datasets/\\{dataset_id}/segments/\\{segment_id}/\\{action}\"[^}]*} [1-9]",
            "ft_invocations_total\\{[^}]*fallback=\"notApplied\"[^}]*method=\"io.segmentindex.operations.toggle.IndexCommands.restore\"[^}]*} [1-9]"}) {
            assertTrue(Pattern.compile(series).matcher(reply.body()).find(), () -> "no series " + series);
        }

        Set<String> alerts = MonitoringFiles.alertMetricNames();
        Set<String> panels = MonitoringFiles.dashboardMetricNames();
        assertTrue(alerts.size() >= 5 && panels.size() >= 10, () -> "parsed " + alerts + " and " + panels);
        Set<String> missing = new TreeSet<>();
        for (String name : union(alerts, panels)) {
            if (!MonitoringFiles.scrapedFromElsewhere(name) && !exported.contains(name)) {
                missing.add(name + (alerts.contains(name) ? " (alert rules)" : " (dashboard)"));
            }
        }
        assertEquals(Set.of(), missing, () -> "named in k8s/monitoring but not on /metrics; exported: " + exported);
    }

    @Test
    void theProbePathsOfTheStatefulSetAnswerUp() {
        String sts = DeploymentFiles.read("k8s/base/statefulset.yaml");
        Matcher path = Pattern.compile("path: (/health/\\w+)").matcher(sts);
        int probes = 0;
        while (path.find()) {
            var reply = api.get(path.group(1));
            assertEquals(200, reply.status(), path.group(1));
            assertEquals("UP", reply.json().getString("status"), path.group(1));
            probes++;
        }
        assertEquals(3, probes, "startup, readiness and liveness");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
