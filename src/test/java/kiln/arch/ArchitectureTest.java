package kiln.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

/** The layering rules of docs/architecture.md, made executable. */
@AnalyzeClasses(packages = "kiln", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * The packages from the bottom up. A package may use the packages on the levels below its own,
     * never one on its own level or above: siblings on a level (ml, registry and sim, say) stay
     * independent of each other. docs/architecture.md draws the same levels.
     */
    static final List<List<String>> LEVELS = List.of(
            List.of("domain"), // plain records and interfaces
            List.of("drift"), // statistics on arrays and summaries
            List.of("store"), // DuckDB: schema, the writer, import, catalogue, EDA queries
            List.of("ml", "registry", "sim"), // training and sweeps; model versions; the simulator
            List.of("scoring", "monitor", "notify"), // predictions of a version; KPIs, drift, detectors, alerts; their delivery
            List.of("ops"), // the live loop: simulate, score, monitor, retrain
            List.of("cli", "ui"), // headless commands; the screens
            List.of("app")); // main, the Application and the wiring

    @ArchTest
    static final ArchRule packagesUseOnlyLowerLevels = levelsRule()
            .because("data flows one way: each package builds on the ones below it (docs/architecture.md)");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("kiln.(*)..")
            .should().beFreeOfCycles()
            .because("a cycle between packages makes neither of them understandable or testable alone");

    @ArchTest
    static final ArchRule consoleOnlyInCommands = noClasses()
            .that().resideOutsideOfPackages("kiln.cli..", "kiln.app.bench..")
            .should(ACCESS_STANDARD_STREAMS)
            .because("stdout and stderr are the command line's output (cli and the child-process bench in app.bench); "
                    + "everything else reports through SLF4J, tracing included");

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

    /** Fails, rather than passing on nothing, if the drift package is emptied or moved (ArchUnit's default). */
    @ArchTest
    static final ArchRule driftIsPure = noClasses()
            .that().resideInAPackage("kiln.drift..")
            .should().dependOnClassesThat().resideOutsideOfPackages("kiln.drift..", "kiln.domain..", "java..", "org.apache.commons.math3..")
            .because("drift statistics work on arrays and summaries, with no I/O (exact distributions come from commons-math3)");

    @ArchTest
    static final ArchRule uiNeverTouchesJdbc = noClasses()
            .that().resideInAPackage("kiln.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.duckdb..")
            .because("screens read data through services, never through JDBC");

    /** The screens that reach their services through a port of their own (decision 0010). */
    static final String[] SCREENS_WITH_PORTS = {"kiln.ui.data..", "kiln.ui.demo..", "kiln.ui.experiments..", "kiln.ui.fleet..",
            "kiln.ui.importer..", "kiln.ui.monitor..", "kiln.ui.registry..", "kiln.ui.simulator.."};

    /** A service class: one whose constructor takes a store type (a KilnStore, a connection holder). */
    private static final DescribedPredicate<JavaClass> BUILT_OVER_THE_STORE = DescribedPredicate.describe("are built over the store",
            c -> !c.getPackageName().startsWith("kiln.store") && c.getConstructors().stream()
                    .anyMatch(k -> k.getRawParameterTypes().stream().anyMatch(t -> t.getPackageName().startsWith("kiln.store"))));

    @ArchTest
    static final ArchRule screensNeverTouchTheMonitorService = noClasses()
            .that().resideInAPackage("kiln.ui..")
            .should().dependOnClassesThat().resideInAPackage("kiln.monitor..")
            .because("the Monitor screen reads through its port ui.monitor.MonitorQueries, adapted in app (decision 0010)");

    /**
     * Every screen has a port: a new screen joins this list when it gets one.
     */
    @ArchTest
    static final ArchRule screensWithPortsNeverTouchTheStore = noClasses()
            .that().resideInAnyPackage(SCREENS_WITH_PORTS)
            .should().dependOnClassesThat().resideInAPackage("kiln.store..")
            .because("a screen with a port reads and changes data only through it, with domain records (decision 0010)");

    @ArchTest
    static final ArchRule dataAndMonitorScreensNeverTouchTraining = noClasses()
            .that().resideInAnyPackage("kiln.ui.data..", "kiln.ui.monitor..")
            .should().dependOnClassesThat().resideInAPackage("kiln.ml..")
            .because("the Data and Monitor screens show data and summaries; training is the Experiments screen's");

    /**
     * The Registry screen's port passes domain records and small records of its own (a gate's verdict,
     * a page of members, a per-group training), so the screen needs nothing of the services' packages.
     */
    @ArchTest
    static final ArchRule registryScreenNeedsNoServicePackage = noClasses()
            .that().resideInAPackage("kiln.ui.registry..")
            .should().dependOnClassesThat().resideInAnyPackage("kiln.registry..", "kiln.scoring..", "kiln.ml..")
            .because("the Registry screen reads and changes models only through its port ui.registry.RegistryServices (decision 0010)");

    /**
     * The Experiments screen builds sweep requests and shows results and curves, which are ml's own
     * values, so it may use those; the services that hold the store (run repository, sweep runner,
     * data loaders) it reaches only through its port.
     */
    @ArchTest
    static final ArchRule screensWithPortsNeverHoldAService = noClasses()
            .that().resideInAnyPackage(SCREENS_WITH_PORTS)
            .should().dependOnClassesThat(BUILT_OVER_THE_STORE)
            .because("a service built over the store belongs behind the screen's port (decision 0010)");

    @ArchTest
    static final ArchRule noJavaSerialization = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
            .because("models and files from outside are never Java-deserialized");

    /** One layer per package; each may be used only by the packages on higher levels. Empty layers fail. */
    private static LayeredArchitecture levelsRule() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> level : LEVELS) {
            for (String pkg : level) {
                rule = rule.layer(pkg).definedBy("kiln." + pkg + "..");
            }
        }
        for (int i = 0; i < LEVELS.size(); i++) {
            List<String> above = new ArrayList<>();
            LEVELS.subList(i + 1, LEVELS.size()).forEach(above::addAll);
            for (String pkg : LEVELS.get(i)) {
                rule = above.isEmpty()
                        ? rule.whereLayer(pkg).mayNotBeAccessedByAnyLayer()
                        : rule.whereLayer(pkg).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
            }
        }
        return rule;
    }
}
