package io.mysqlmongosync;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.TableResult;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package table of docs/ARCHITECTURE.md ("Packages and what they may import") as rules over the compiled
 * classes: a dependency the table does not allow fails the build. ArchUnit reads bytecode, so a type written with
 * its full name and no import counts as much as an imported one.
 */
class ArchitectureTest {

    private static final String APP = "io.mysqlmongosync..";
    private static final String JDBC_1 = "java.sql..";
    private static final String JDBC_2 = "javax.sql..";
    private static final String MONGO_DRIVER = "com.mongodb..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mysqlmongosync");
    }

    @Test
    void engineKnowsNoApiHealthOrSecurity() {
        noClasses().that().resideInAPackage("io.mysqlmongosync.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mysqlmongosync.api..",
                        "io.mysqlmongosync.health..", "io.mysqlmongosync.security..")
                .because("api, health and security call the engine, never the other way round")
                .check(classes);
    }

    /**
     * Engine code names no JDBC and no MongoDB driver type. The one JDBC type it may name is {@link SQLException}: the
     * checked exception through which the source reports a MySQL failure (the {@code ChangeSource} contract), which
     * the engine declares, catches and passes on; it never makes a JDBC call.
     */
    @Test
    void engineMakesNoJdbcOrDriverCalls() {
        noClasses().that().resideInAPackage("io.mysqlmongosync.engine..")
                .should().dependOnClassesThat(resideInAnyPackage(JDBC_1, JDBC_2, MONGO_DRIVER)
                        .and(not(equivalentTo(SQLException.class))))
                .because("every SQL statement and JDBC call is in source, every MongoDB driver call in sink")
                .check(classes);
    }

    @Test
    void enginePortUsesOnlyMappingAndSchema() {
        classes().that().resideInAPackage("io.mysqlmongosync.engine.port..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(APP).or(resideInAnyPackage(
                        "io.mysqlmongosync.engine.port..", "io.mysqlmongosync.mapping..",
                        "io.mysqlmongosync.schema..")))
                .check(classes);
    }

    @Test
    void sourceKnowsOnlyThePortsOfTheEngine() {
        classes().that().resideInAPackage("io.mysqlmongosync.source..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(APP).or(resideInAnyPackage(
                        "io.mysqlmongosync.source..", "io.mysqlmongosync.schema..", "io.mysqlmongosync.mapping..",
                        "io.mysqlmongosync.engine.port..", "io.mysqlmongosync.config..",
                        "io.mysqlmongosync.metrics..")))
                .check(classes);
    }

    @Test
    void sinkKnowsOnlyThePortsOfTheEngine() {
        classes().that().resideInAPackage("io.mysqlmongosync.sink..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(APP).or(resideInAnyPackage(
                        "io.mysqlmongosync.sink..", "io.mysqlmongosync.schema..", "io.mysqlmongosync.mapping..",
                        "io.mysqlmongosync.engine.port..", "io.mysqlmongosync.config..",
                        "io.mysqlmongosync.metrics..")))
                .check(classes);
    }

    @Test
    void apiNeverReachesSourceSinkOrConnections() {
        noClasses().that().resideInAPackage("io.mysqlmongosync.api..")
                .should().dependOnClassesThat(resideInAnyPackage("io.mysqlmongosync.source..",
                        "io.mysqlmongosync.sink..")
                        .or(assignableTo("javax.sql.DataSource"))
                        .or(assignableTo("com.mongodb.client.MongoClient")))
                .because("REST resources call engine services; connections belong to source, sink and health")
                .check(classes);
    }

    @Test
    void mappingHasNoJdbcDriverOrSource() {
        classes().that().resideInAPackage("io.mysqlmongosync.mapping..")
                .should().onlyDependOnClassesThat(not(resideInAnyPackage(JDBC_1, JDBC_2, MONGO_DRIVER))
                        .and(resideOutsideOfPackage(APP).or(resideInAnyPackage("io.mysqlmongosync.mapping..",
                                "io.mysqlmongosync.schema..", "io.mysqlmongosync.config.."))))
                .check(classes);
    }

    @Test
    void schemaAndConfigKnowNoOtherPackage() {
        classes().that().resideInAPackage("io.mysqlmongosync.schema..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(APP).or(resideInAPackage(
                        "io.mysqlmongosync.schema..")))
                .check(classes);
        classes().that().resideInAPackage("io.mysqlmongosync.config..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(APP).or(resideInAPackage(
                        "io.mysqlmongosync.config..")))
                .check(classes);
    }

    @Test
    void metricsKnowsNoOtherPackage() {
        classes().that().resideInAPackage("io.mysqlmongosync.metrics..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(APP).or(resideInAPackage(
                        "io.mysqlmongosync.metrics..")))
                .check(classes);
    }

    @Test
    void eventsUseOnlyConfigAndTheEnginesResults() {
        classes().that().resideInAPackage("io.mysqlmongosync.events..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(APP).or(resideInAnyPackage(
                        "io.mysqlmongosync.events..", "io.mysqlmongosync.config..")).or(
                        belongToAnyOf(RunResult.class, TableResult.class)))
                .check(classes);
    }
}
