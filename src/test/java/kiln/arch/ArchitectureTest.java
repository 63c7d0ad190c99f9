package kiln.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering rules of docs/architecture (shared/design/architecture.md), made executable. */
@AnalyzeClasses(packages = "kiln", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule javafxOnlyInAppAndUi = noClasses()
            .that().resideOutsideOfPackages("kiln.app..", "kiln.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.fair_acc..")
            .because("services know nothing of JavaFX; only the app and the screens do");

    @ArchTest
    static final ArchRule domainDependsOnNothing = noClasses()
            .that().resideInAPackage("kiln.domain..")
            .should().dependOnClassesThat().resideOutsideOfPackages("kiln.domain..", "java..")
            .because("domain holds plain records and interfaces");

    @ArchTest
    static final ArchRule driftIsPure = noClasses()
            .that().resideInAPackage("kiln.drift..")
            .should().dependOnClassesThat().resideOutsideOfPackages("kiln.drift..", "kiln.domain..", "java..")
            .because("drift statistics work on arrays and summaries, with no I/O")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule uiNeverTouchesJdbc = noClasses()
            .that().resideInAPackage("kiln.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.duckdb..")
            .because("screens read data through services, never through JDBC");

    @ArchTest
    static final ArchRule servicesNeverReachUp = noClasses()
            .that().resideInAnyPackage("kiln.store..", "kiln.ml..", "kiln.drift..", "kiln.sim..", "kiln.cli..", "kiln.domain..", "kiln.registry..", "kiln.scoring..", "kiln.monitor..")
            .should().dependOnClassesThat().resideInAnyPackage("kiln.ui..", "kiln.app..")
            .because("data flows one way: services never depend on the screens or the wiring");

    @ArchTest
    static final ArchRule noJavaSerialization = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
            .because("models and files from outside are never Java-deserialized");
}
