package it.io.segmentindex;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Holds the integration-test run until the started server reports ready. The build's start goal returns once
 * the application is deployed, which on a loaded machine can be well before its start-up work is done.
 */
public class ServerReadiness implements LauncherSessionListener {

    private static final Duration LIMIT = Duration.ofSeconds(Long.getLong("it.ready.timeout-seconds", 240));

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String base = System.getProperty("it.base.url");
        if (base == null) {
            return; // unit-test run: no server
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        long deadline = start + LIMIT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> reply = client.send(ready, HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200) {
                    System.out.printf("server at %s ready after %d ms%n", base, (System.nanoTime() - start) / 1_000_000);
                    return;
                }
                last = reply.statusCode() + " " + reply.body();
            } catch (java.io.IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("server at " + base + " not ready after " + LIMIT.toSeconds() + " s: " + last);
    }
}
