package io.segmentindex;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The operations engine (the package {@code io.segmentindex.operations} itself: records, claims, leases, worker,
 * sweeper, markers, recovery) knows no kind of work; it reaches them through their {@code OperationHandler}s. The
 * kinds of work (toggle, document, reconcile) use the engine and none of each other.
 */
class ArchitectureTest {

    private static final String ENGINE = "io.segmentindex.operations";
    private static final List<String> KINDS = List.of(ENGINE + ".toggle", ENGINE + ".document", ENGINE + ".reconcile");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.segmentindex");
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
