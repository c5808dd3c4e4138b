package it.io.segmentindex;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's walk-through, run as a user pastes it (bash, curl and jq) against the started server, twice in a
 * row: so the README cannot drift from the API, and the block runs again on the same server.
 */
class WalkThroughIT {

    @Test
    void theReadmeWalkThroughRunsAsPastedAndRunsAgain() throws Exception {
        String block = walkThrough();
        for (String tool : new String[] {"bash", "curl", "jq"}) {
            assertEquals(0, new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor(),
                    "the walk-through needs " + tool + " (Debian: apt-get install curl jq)");
        }
        for (int run = 1; run <= 2; run++) {
            String out = run(block);
            assertTrue(out.contains("\"content\": \"Customers can return any item within 30 days"), "run " + run
                    + ": the refund segment is the semantic hit\n" + out);
            assertTrue(out.contains("\"in_index\": false") && out.contains("\"should_be_in_index\": false"),
                    "run " + run + ": the disabled segment left the index\n" + out);
            assertEquals(3, count(out, "\"result\":\"queued\""), "run " + run + ": all three back on\n" + out);
        }
    }

    /** The first bash block after the README's walk-through heading. */
    static String walkThrough() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("## Walk-through");
        assertTrue(at >= 0, "README has a walk-through");
        Matcher m = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(at), "a bash block follows the walk-through heading");
        return m.group(1);
    }

    private static String run(String block) throws Exception {
        Path log = Files.createTempFile("walk-through", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("BASE", Api.BASE);
        Process p = pb.start();
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "the walk-through ended within 3 minutes\n" + out);
        assertEquals(0, p.exitValue(), "the walk-through failed\n" + out);
        return out;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
