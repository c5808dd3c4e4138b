package io.segmentindex.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static io.segmentindex.deploy.DeploymentFiles.at;
import static io.segmentindex.deploy.DeploymentFiles.list;
import static io.segmentindex.deploy.DeploymentFiles.map;
import static io.segmentindex.deploy.DeploymentFiles.read;
import static io.segmentindex.deploy.DeploymentFiles.str;
import static io.segmentindex.deploy.DeploymentFiles.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders a kustomization as `kubectl kustomize` does. Without kubectl on the machine (it is not a Debian
 * package), a reader of its own builds what the assertions need: resources, namespace, images, ConfigMap
 * generators (without name hashes) and strategic merge patches (containers merged by name); `-Ddeploy.kubectl=required` (as in .ci/run) makes kubectl mandatory.
 */
final class Kustomize {

    private Kustomize() {
    }

    static boolean kubectlRequired() {
        return "required".equals(System.getProperty("deploy.kubectl"));
    }

    /** The kubectl on the PATH, or null. */
    static Path kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        if (kubectlRequired()) {
            fail("kubectl is required (-Ddeploy.kubectl=required) but not on the PATH");
        }
        return null;
    }

    static List<Map<String, Object>> render(String dir) {
        Path kubectl = kubectl();
        return kubectl != null ? withKubectl(kubectl, dir) : withoutKubectl(Path.of(dir));
    }

    private static List<Map<String, Object>> withKubectl(Path kubectl, String dir) {
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize " + dir + " did not finish");
            assertEquals(0, p.exitValue(), () -> "kubectl kustomize " + dir + " failed:\n" + out);
            return yaml(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static List<Map<String, Object>> withoutKubectl(Path dir) {
        Map<String, Object> k = yaml(read(dir.resolve("kustomization.yaml").toString())).get(0);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object resource : list(k.get("resources"))) {
            Path path = dir.resolve(str(resource)).normalize();
            docs.addAll(Files.isDirectory(path) ? withoutKubectl(path) : yaml(read(path.toString())));
        }
        for (Object generator : list(k.get("configMapGenerator"))) {
            Map<String, Object> g = map(generator);
            Map<String, Object> data = new LinkedHashMap<>();
            for (Object file : list(g.get("files"))) {
                Path path = dir.resolve(str(file));
                data.put(path.getFileName().toString(), read(path.toString()));
            }
            Map<String, Object> metadata = new LinkedHashMap<>(Map.of("name", g.get("name")));
            metadata.put("labels", new LinkedHashMap<>(map(at(g, "options.labels"))));
            docs.add(new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", metadata,
                    "data", data)));
        }
        for (Object patch : list(k.get("patches"))) {
            for (Map<String, Object> p : yaml(read(dir.resolve(str(map(patch).get("path"))).toString()))) {
                Map<String, Object> target = docs.stream()
                        .filter(d -> Objects.equals(d.get("kind"), p.get("kind"))
                                && Objects.equals(at(d, "metadata.name"), at(p, "metadata.name")))
                        .findFirst().orElseThrow(() -> new AssertionError("patch without target: " + p));
                merge(target, p);
            }
        }
        for (Object image : list(k.get("images"))) {
            Map<String, Object> i = map(image);
            for (Map<String, Object> d : docs) {
                for (Object c : list(at(d, "spec.template.spec.containers"))) {
                    Map<String, Object> container = map(c);
                    String current = str(container.get("image"));
                    if (current != null && current.split(":")[0].equals(i.get("name"))) {
                        String name = str(i.getOrDefault("newName", i.get("name")));
                        String tag = str(i.getOrDefault("newTag", current.contains(":") ? current.split(":")[1] : "latest"));
                        container.put("image", name + ":" + tag);
                    }
                }
            }
        }
        if (k.get("namespace") != null) {
            for (Map<String, Object> d : docs) {
                map(d.get("metadata")).put("namespace", k.get("namespace"));
            }
        }
        return docs;
    }

    /** Strategic merge as far as these manifests need it: maps deep, lists of named items by name. */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object old = target.get(e.getKey());
            if (old instanceof Map<?, ?> om && e.getValue() instanceof Map<?, ?> pm) {
                merge((Map<String, Object>) om, (Map<String, Object>) pm);
            } else if (old instanceof List<?> ol && e.getValue() instanceof List<?> pl && named(ol) && named(pl)) {
                for (Object item : pl) {
                    Map<String, Object> pi = map(item);
                    Map<String, Object> match = ol.stream().map(DeploymentFiles::map)
                            .filter(oi -> Objects.equals(name(oi), name(pi))).findFirst().orElse(null);
                    if (match != null) {
                        merge(match, pi);
                    } else {
                        ((List<Object>) ol).add(new LinkedHashMap<>(pi));
                    }
                }
            } else {
                target.put(e.getKey(), e.getValue());
            }
        }
    }

    private static boolean named(List<?> items) {
        return !items.isEmpty() && items.stream().allMatch(i -> i instanceof Map<?, ?> m && name(map(m)) != null);
    }

    private static Object name(Map<String, Object> item) {
        return item.containsKey("name") ? item.get("name") : at(item, "metadata.name");
    }
}
