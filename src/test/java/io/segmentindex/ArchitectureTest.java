package io.segmentindex;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Dependencies point one way: api → application (operations, ingestion, retrieval) → the indexing port →
 * knowledge → platform, and no package takes part in a cycle. Adapters sit beside the port they implement and
 * are wired by CDI, so only their producer names them. The operations engine (the package
 * {@code io.segmentindex.operations} itself) knows no kind of work; it reaches them through their
 * {@code OperationHandler}s, and the kinds (toggle, document, reconcile) use the engine and none of each other.
 */
class ArchitectureTest {

    private static final String ROOT = "io.segmentindex";
    private static final String ENGINE = ROOT + ".operations";
    private static final List<String> KINDS = List.of(ENGINE + ".toggle", ENGINE + ".document", ENGINE + ".reconcile");
    private static final String INDEXING = ROOT + ".indexing";
    /** Each adapter and the one package above the domain it may use: its port (embedding's lies beside it). */
    private static final Map<String, String> ADAPTERS = Map.of(
            INDEXING + ".lucene", INDEXING,
            INDEXING + ".solr", INDEXING,
            INDEXING + ".embedding", INDEXING + ".embedding",
            ENGINE + ".redis", ENGINE);
    /** The backends of the index port, chosen by configuration in this package alone. */
    private static final List<String> INDEX_BACKENDS = List.of(INDEXING + ".lucene", INDEXING + ".solr");
    private static final String INDEX_WIRING = INDEXING + ".backend";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void dependenciesPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy(ROOT + ".api..")
                .layer("application").definedBy(ENGINE + "..", ROOT + ".ingestion..", ROOT + ".retrieval..")
                .layer("indexing").definedBy(INDEXING + "..")
                .layer("knowledge").definedBy(ROOT + ".knowledge..")
                .layer("platform").definedBy(ROOT + ".platform..")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("application").mayOnlyBeAccessedByLayers("api")
                .whereLayer("indexing").mayOnlyBeAccessedByLayers("api", "application")
                .whereLayer("knowledge").mayOnlyBeAccessedByLayers("api", "application", "indexing")
                .whereLayer("platform").mayOnlyBeAccessedByLayers("api", "application", "indexing", "knowledge")
                .because("platform is cross-cutting and knows no application code; the domain knows no index")
                .check(classes);
    }

    @Test
    void adaptersReachOnlyTheirPortTheDomainAndThePlatform() {
        ADAPTERS.forEach((adapter, port) -> {
            DescribedPredicate<JavaClass> elsewhere = resideInAPackage(ROOT + "..").and(resideOutsideOfPackages(
                    adapter + "..", port, ROOT + ".knowledge..", ROOT + ".platform.."));
            noClasses().that().resideInAPackage(adapter + "..")
                    .should().dependOnClassesThat(elsewhere)
                    .because("an adapter implements its port with what lies below it")
                    .check(classes);
        });
    }

    @Test
    void onlyTheWiringNamesAnIndexBackend() {
        for (String backend : INDEX_BACKENDS) {
            noClasses().that().resideOutsideOfPackages(backend + "..", INDEX_WIRING + "..")
                    .should().dependOnClassesThat().resideInAPackage(backend + "..")
                    .because("the application sees the SegmentIndex port; index.backend picks the adapter")
                    .check(classes);
        }
        noClasses().that().resideOutsideOfPackage(ENGINE + ".redis..")
                .should().dependOnClassesThat().resideInAPackage(ENGINE + ".redis..")
                .because("the application sees the InFlightLocks port; CDI supplies the Redis adapter")
                .check(classes);
    }

    @Test
    void theTopLevelPackagesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noPackageTakesPartInACycle() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles()
                .because("a port must not know its adapters, nor a package its subpackages' users")
                .check(classes);
    }

    @Test
    void theEngineDependsOnNoKindOfWork() {
        noClasses().that().resideInAPackage(ENGINE)
                .should().dependOnClassesThat().resideInAnyPackage(KINDS.stream().map(k -> k + "..")
                        .toArray(String[]::new))
                .because("the engine dispatches on OperationKind through OperationHandler beans")
                .check(classes);
    }

    @Test
    void theKindsOfWorkDependOnNoneOfEachOther() {
        for (String kind : KINDS) {
            String[] others = KINDS.stream().filter(k -> !k.equals(kind)).map(k -> k + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(kind + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("a kind of work shares only the engine with the others")
                    .check(classes);
        }
    }
}
