package it.io.segmentindex;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The other tenant of {@link NoisyNeighbourIT}, as a process of its own (as another client would be): it reads
 * its paths in turn, 100 times for a quiet baseline that it prints, then on and on: each line that arrives on stdin
 * closes a series, which it prints, and any other byte ends it. Latencies are in milliseconds. Arguments: base
 * URL, bearer token, then the paths.
 */
public final class QuietReader {

    private QuietReader() {
    }

    public static void main(String[] args) throws IOException {
        String base = args[0];
        String token = args[1];
        List<Long> quiet = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            quiet.add(read(base, token, args[2 + i % (args.length - 2)]));
        }
        System.out.println("quiet " + join(quiet));
        System.out.flush();
        List<Long> during = new ArrayList<>();
        for (int i = 0; ; i++) {
            if (System.in.available() > 0) {
                if (System.in.read() != '\n') {
                    return;
                }
                System.out.println("during " + join(during));
                System.out.flush();
                during.clear();
            }
            during.add(read(base, token, args[2 + i % (args.length - 2)]));
        }
    }

    static long read(String base, String token, String path) throws IOException {
        long start = System.nanoTime();
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setRequestProperty("Authorization", "Bearer " + token);
        c.setConnectTimeout(5000);
        c.setReadTimeout(30000);
        int status = c.getResponseCode();
        try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            body.readAllBytes();
        }
        if (status != 200) {
            throw new IOException("GET " + path + " answered " + status);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String join(List<Long> values) {
        StringBuilder s = new StringBuilder();
        values.forEach(v -> s.append(s.length() == 0 ? "" : ",").append(v));
        return s.toString();
    }
}
