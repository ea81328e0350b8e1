package io.mysqlmongosync.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mapping example of docs/MAPPING.md is a part of the demo's mapping file, line for line and in the file's order,
 * so the documentation never shows a mapping the demo does not use.
 */
class ReadmeMappingExampleTest {

    @Test
    void theReadmeMappingExampleIsAnExcerptOfTheDemoMapping() throws Exception {
        String readme = Files.readString(Path.of("docs", "MAPPING.md"));
        int intro = readme.indexOf("the demo uses [`mapping/ecommerce.yaml`](../mapping/ecommerce.yaml)");
        assertTrue(intro > 0, "docs/MAPPING.md introduces the demo's mapping file");
        int start = readme.indexOf("```yaml\n", intro);
        int end = readme.indexOf("```", start + 8);
        assertTrue(start > 0 && end > start, "a yaml block follows");
        List<String> example = readme.substring(start + 8, end).lines().filter(l -> !l.isBlank()).toList();
        List<String> file = Files.readAllLines(Path.of("mapping", "ecommerce.yaml"));
        assertTrue(example.size() > 10, "the example shows the mapping: " + example);
        int at = 0;
        for (String line : example) {
            while (at < file.size() && !file.get(at).equals(line)) {
                at++;
            }
            assertTrue(at < file.size(), "docs/MAPPING.md mapping line not in mapping/ecommerce.yaml (in this order): " + line);
            at++;
        }
    }
}
