import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts a real PostgreSQL and a real Redis for the embedded default (`mvn -Pdev`, `mvn verify`), writes
 * a ready file, and blocks until the Maven process that launched it ends or it is interrupted.
 * Run as a single-file source program from the build; it is never part of the application.
 */
public class DevServices {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path dir = Path.of(opts.get("dir"));
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        Path pidFile = dir.resolve("pids");
        killLeftovers(pidFile);

        EmbeddedPostgres postgres = null;
        RedisServer redis = null;
        try {
            if ("on".equals(opts.get("postgres"))) {
                int port = Integer.parseInt(opts.get("postgres-port"));
                requireFreePort(port, "PostgreSQL");
                Path data = dir.resolve("pg-data");
                // The development server keeps its database across restarts; the tests start from an empty one.
                boolean keep = Boolean.parseBoolean(opts.getOrDefault("keep-data", "false"));
                postgres = EmbeddedPostgres.builder()
                        .setPort(port)
                        .setDataDirectory(data)
                        .setCleanDataDirectory(!keep)
                        .setOverrideWorkingDirectory(dir.resolve("pg-bin").toFile())
                        .start();
                createDatabase(postgres, "segments");
                log("PostgreSQL ready on localhost:" + port + " (database 'segments', user 'postgres'"
                        + (keep ? "; data kept in " + data + ")" : ")"));
            }
            if ("on".equals(opts.get("redis"))) {
                int port = Integer.parseInt(opts.get("redis-port"));
                requireFreePort(port, "Redis");
                redis = RedisServer.newRedisServer()
                        .port(port)
                        .setting("bind 127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .build();
                redis.start();
                log("Redis ready on localhost:" + port);
            }
            recordChildren(pidFile);
        } catch (Exception e) {
            log("failed to start: " + e);
            Files.writeString(state.resolve("failed"), String.valueOf(e));
            stop(postgres, redis);
            System.exit(1);
        }

        EmbeddedPostgres pg = postgres;
        RedisServer rd = redis;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(pg, rd);
            try {
                Files.deleteIfExists(pidFile);
                Files.deleteIfExists(state.resolve("ready"));
            } catch (IOException ignored) {
                // best effort on the way out
            }
        }));
        Files.writeString(state.resolve("ready"), "ready");

        // Maven may die without running our hook (SIGKILL); outlive it by seconds at most.
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
        Thread.currentThread().join();
    }

    private static void stop(EmbeddedPostgres postgres, RedisServer redis) {
        if (redis != null) {
            try {
                redis.stop();
            } catch (Exception e) {
                log("redis stop: " + e);
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (Exception e) {
                log("postgres stop: " + e);
            }
        }
    }

    private static void createDatabase(EmbeddedPostgres postgres, String name) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name);
        }
    }

    /** A timeout is not proof of a free port; only a refused connection is. */
    private static void requireFreePort(int port, String what) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (ConnectException refused) {
            return;
        } catch (SocketTimeoutException timeout) {
            throw new IOException(what + " port " + port + " does not answer but is not free");
        }
        throw new IOException(what + " port " + port + " is already in use by another process");
    }

    /** pg_ctl detaches PostgreSQL, so a killed launcher leaves it running: remember what we started. */
    private static void recordChildren(Path pidFile) throws IOException {
        List<String> pids = ProcessHandle.current().descendants()
                .map(p -> String.valueOf(p.pid()))
                .collect(Collectors.toList());
        Files.write(pidFile, pids);
        // The postmaster is not our descendant once pg_ctl has detached it.
        Path postmaster = pidFile.getParent().resolve("pg-data").resolve("postmaster.pid");
        if (Files.exists(postmaster)) {
            String first = Files.readAllLines(postmaster).get(0).trim();
            Files.writeString(pidFile, first + System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private static void killLeftovers(Path pidFile) throws IOException, InterruptedException {
        if (!Files.exists(pidFile)) {
            return;
        }
        for (String line : Files.readAllLines(pidFile)) {
            if (line.isBlank()) {
                continue;
            }
            ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(p -> {
                String cmd = p.info().command().orElse("");
                if (cmd.contains("postgres") || cmd.contains("redis")) {
                    log("stopping leftover " + cmd + " (pid " + p.pid() + ")");
                    p.destroy();
                }
            });
        }
        Thread.sleep(500);
        Files.deleteIfExists(pidFile);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            out.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return out;
    }

    private static void log(String message) {
        System.out.println("[devservices] " + message);
    }
}
