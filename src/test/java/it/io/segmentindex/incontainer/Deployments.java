package it.io.segmentindex.incontainer;

import io.segmentindex.indexing.IndexProcessorFactory;
import io.segmentindex.indexing.IndexWriteProbe;
import io.segmentindex.testsupport.faults.IndexFaultsProbe;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.shrinkwrap.resolver.api.maven.Maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The test WAR every in-container IT deploys: the application's classes, resources and libraries. */
final class Deployments {

    private Deployments() {
    }

    static WebArchive application() {
        // The libraries the WAR packages (compile and runtime scope; the build has already downloaded them, so
        // offline). Provided ones (JDBC driver, embedding model) are server-level libraries, as in production.
        File[] libraries = Maven.configureResolver().workOffline().loadPomFromFile("pom.xml")
                .importCompileAndRuntimeDependencies().resolve().withTransitivity().asFile();
        WebArchive war = ShrinkWrap.create(WebArchive.class, "segment-index-it.war")
                .addPackages(true, "io.segmentindex")
                .addAsResource("META-INF/persistence.xml")
                .addAsResource("META-INF/microprofile-config.properties")
                // The fault switch (test sources, added with the packages above) and nothing else of the test
                // server's probes: the in-container ITs set faults on it directly.
                .addAsResource(new StringAsset(IndexFaultsProbe.class.getName() + "\n"),
                        "META-INF/services/" + IndexWriteProbe.class.getName())
                .addAsLibraries(libraries);
        // Every file under db/, the empty flyway.location markers included: Flyway finds its locations by them.
        Path classes = classesDir();
        try (Stream<Path> files = Files.walk(classes.resolve("db"))) {
            files.filter(Files::isRegularFile).forEach(f ->
                    war.addAsResource(f.toFile(), classes.relativize(f).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return war;
    }

    private static Path classesDir() {
        try {
            return Path.of(IndexProcessorFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
