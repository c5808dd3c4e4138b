package io.segmentindex.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.segmentindex.deploy.DeploymentFiles.at;
import static io.segmentindex.deploy.DeploymentFiles.list;
import static io.segmentindex.deploy.DeploymentFiles.map;
import static io.segmentindex.deploy.DeploymentFiles.read;
import static io.segmentindex.deploy.DeploymentFiles.str;
import static io.segmentindex.deploy.DeploymentFiles.yaml;

/** The alert rules and the dashboard in k8s/monitoring, and the metric names their PromQL expressions use. */
public final class MonitoringFiles {

    public static final String RULES = "k8s/monitoring/prometheusrule.yaml";
    public static final String DASHBOARD = "k8s/monitoring/segment-index-dashboard.json";

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2");

    private MonitoringFiles() {
    }

    /** Every rule (alert or record) of the PrometheusRule's groups. */
    public static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : list(at(yaml(read(RULES)).get(0), "spec.groups"))) {
            list(map(group).get("rules")).forEach(r -> rules.add(map(r)));
        }
        return rules;
    }

    public static Set<String> alertMetricNames() {
        Set<String> names = new TreeSet<>();
        rules().forEach(r -> names.addAll(metricNames(str(r.get("expr")))));
        return names;
    }

    /** The PromQL of the dashboard: panel targets and the variables' queries. */
    public static List<String> dashboardExpressions() {
        Map<String, Object> dashboard = yaml(read(DASHBOARD)).get(0);
        List<String> exprs = new ArrayList<>();
        for (Object panel : list(dashboard.get("panels"))) {
            for (Object target : list(map(panel).get("targets"))) {
                exprs.add(str(map(target).get("expr")));
            }
        }
        for (Object variable : list(at(dashboard, "templating.list"))) {
            Object query = map(variable).get("query");
            if ("query".equals(map(variable).get("type"))) {
                String promql = str(query instanceof Map<?, ?> q ? q.get("query") : query);
                // label_values(<series selector>, <label>): only the selector is PromQL.
                Matcher lv = Pattern.compile("^label_values\\((.+),\\s*\\w+\\)$").matcher(promql.trim());
                exprs.add(lv.matches() ? lv.group(1) : promql);
            }
        }
        return exprs;
    }

    public static Set<String> dashboardMetricNames() {
        Set<String> names = new TreeSet<>();
        dashboardExpressions().forEach(e -> names.addAll(metricNames(e)));
        return names;
    }

    /**
     * Series that Prometheus itself (`up`) or kube-state-metrics (`kube_*`) provide, not the server: they cannot
     * appear on its /metrics.
     */
    public static boolean scrapedFromElsewhere(String name) {
        return name.equals("up") || name.startsWith("kube_");
    }

    /** Metric names of a PromQL expression: identifiers outside strings, selectors, ranges and label lists. */
    public static Set<String> metricNames(String promql) {
        String s = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(s);
        while (m.find()) {
            int before = m.start() - 1;
            boolean partOfNumberOrVariable = before >= 0
                    && (Character.isDigit(s.charAt(before)) || s.charAt(before) == '.' || s.charAt(before) == '$');
            boolean function = s.substring(m.end()).matches("(?s)\\s*\\(.*");
            if (!partOfNumberOrVariable && !function && !KEYWORDS.contains(m.group().toLowerCase())) {
                names.add(m.group());
            }
        }
        return names;
    }
}
