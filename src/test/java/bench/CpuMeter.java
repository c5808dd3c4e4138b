package bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went between two readings: the server process (and, of it, its JIT compiler threads),
 * this load-generating JVM, and the rest (PostgreSQL, Redis and anything else). Read from /proc, in cores (CPU
 * seconds per second of wall time).
 */
record CpuMeter(long wallNs, long machineBusyTicks, long serverTicks, long jitTicks, long selfNs) {

    private static final double TICKS_PER_SECOND = 100.0;

    static CpuMeter read(long serverPid) throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < cpu.length; i++) {
            if (i != 4 && i != 5) { // idle and iowait
                busy += Long.parseLong(cpu[i]);
            }
        }
        long server = ticks(Path.of("/proc", String.valueOf(serverPid), "stat"));
        long jit = 0;
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(serverPid), "task"))) {
            for (Path t : threads.toList()) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        jit += ticks(t.resolve("stat"));
                    }
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new CpuMeter(System.nanoTime(), busy, server, jit, self);
    }

    /** utime + stime of a process or thread stat file. */
    private static long ticks(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Cores the server's JIT compiler threads used from this reading to {@code later}. */
    double jitCoresUntil(CpuMeter later) {
        return (later.jitTicks - jitTicks) / TICKS_PER_SECOND / ((later.wallNs - wallNs) / 1e9);
    }

    /** "server 1.2, load generator 0.4, rest 0.3 of N cores" from this reading to {@code later}. */
    String coresUntil(CpuMeter later) {
        double wall = (later.wallNs - wallNs) / 1e9;
        double machine = (later.machineBusyTicks - machineBusyTicks) / TICKS_PER_SECOND / wall;
        double server = (later.serverTicks - serverTicks) / TICKS_PER_SECOND / wall;
        double self = (later.selfNs - selfNs) / 1e9 / wall;
        return String.format(java.util.Locale.ROOT, "cores used: server %.2f (of which JIT compiler %.2f), load"
                        + " generator %.2f, rest %.2f (PostgreSQL, Redis, other), of %d", server, jitCoresUntil(later),
                self, Math.max(0, machine - server - self), Runtime.getRuntime().availableProcessors());
    }
}
