package it.io.segmentindex;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build's Liberty servers as processes: stopped, started and killed for real by the recovery tests. */
public final class Servers {

    /** The main test server; the second replica (built with -Psolr) is named by {@code it.peer.server.name}. */
    public static final String MAIN = "segment-index";

    private static final Path WLP = Path.of(System.getProperty("it.liberty.home", "target/liberty/wlp"))
            .toAbsolutePath().normalize();

    private Servers() {
    }

    /** The server's output folder (its logs, workarea and the test probes' switches). */
    public static Path outputDir(String name) {
        return WLP.resolve("usr/servers").resolve(name);
    }

    /** {@code server start|stop <name>}, as an operator would run it. */
    public static void control(String name, String action) throws Exception {
        File log = new File("target/" + name + "-" + action + ".log");
        int exit = run(name, action, log);
        assertEquals(0, exit, () -> "server " + action + " failed: " + read(log.toPath()));
    }

    /** {@code server start}, as a supervisor restarts a crashed pod: the server may die again while it starts. */
    public static void restart(String name) throws Exception {
        run(name, "start", new File("target/" + name + "-restart.log"));
    }

    private static int run(String name, String action, File log) throws Exception {
        Process p = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, name)
                .redirectErrorStream(true).redirectOutput(log).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "server " + action + " timed out");
        return p.exitValue();
    }

    /**
     * The JVM of this build's server of that name: its own Liberty installation (another build's server may run
     * on the same machine), and the server name as the launcher's last argument.
     */
    public static Optional<ProcessHandle> process(String name) {
        String launcher = WLP.resolve("bin/tools/ws-server.jar").toString();
        return ProcessHandle.allProcesses().filter(p -> {
            String[] args = p.info().arguments().orElse(new String[0]);
            return p.info().commandLine().orElse("").contains(launcher) && args.length > 0
                    && args[args.length - 1].equals(name);
        }).findFirst();
    }

    /** SIGKILL: no shutdown hook, no drain, no hand-back; returns once the process is gone. */
    public static void kill(String name) throws Exception {
        ProcessHandle server = process(name).orElseThrow(() -> new AssertionError("server " + name + " not found"));
        long pid = server.pid();
        assertTrue(server.destroyForcibly());
        server.onExit().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Waits until the server this caller talks to reports ready (connection refused while it starts). */
    public static void awaitReady(Api api) {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (api.get("/health/ready").status() == 200) {
                    return;
                }
            } catch (AssertionError notYet) {
                // not listening yet
            }
            Api.sleep(500);
        }
        throw new AssertionError("server not ready after 300 s");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
