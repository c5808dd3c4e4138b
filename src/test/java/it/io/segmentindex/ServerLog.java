package it.io.segmentindex;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The main test server's messages.log and FFDC folder, read from a mark on: what a stretch of requests made the
 * server report as an error (lines at level E) or as an incident (new FFDC files).
 */
public final class ServerLog {

    private static final Path LOGS = Path.of(System.getProperty("it.liberty.home", "target/liberty/wlp"),
            "usr/servers", Servers.MAIN, "logs");

    private final long offset;
    private final Set<String> ffdcBefore;

    private ServerLog(long offset, Set<String> ffdcBefore) {
        this.offset = offset;
        this.ffdcBefore = ffdcBefore;
    }

    public static ServerLog mark() {
        try {
            Path messages = LOGS.resolve("messages.log");
            return new ServerLog(Files.exists(messages) ? Files.size(messages) : 0, ffdcFiles());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Lines logged at ERROR since the mark. */
    public List<String> errors() {
        // [timestamp] thread logger  E  MESSAGE
        return lines().stream().filter(line -> line.matches("^\\[[^]]+] \\S+ \\S+\\s+E .*")).toList();
    }

    /** Every line logged since the mark. */
    public List<String> lines() {
        try (RandomAccessFile log = new RandomAccessFile(LOGS.resolve("messages.log").toFile(), "r")) {
            log.seek(Math.min(offset, log.length()));
            byte[] rest = new byte[(int) (log.length() - log.getFilePointer())];
            log.readFully(rest);
            return List.of(new String(rest, StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** FFDC incident files written since the mark. */
    public List<String> incidents() {
        return ffdcFiles().stream().filter(f -> !ffdcBefore.contains(f) && f.startsWith("ffdc_")).sorted().toList();
    }

    private static Set<String> ffdcFiles() {
        Path ffdc = LOGS.resolve("ffdc");
        if (!Files.isDirectory(ffdc)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(ffdc)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
