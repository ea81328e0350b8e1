package io.mysqlmongosync.mapping;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.mapping.spec.MappingException;
import io.mysqlmongosync.mapping.spec.MappingFileParser;
import io.mysqlmongosync.mapping.spec.MappingSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mapping file in use: SYNC_MAPPING_FILE when set, else the built-in default shipped as the classpath resource
 * {@value #DEFAULT}. Read once; a file that cannot be read or parsed stops start-up with a message naming the file
 * and line.
 */
@ApplicationScoped
public class MappingConfiguration {

    /** The built-in default mapping (classpath). */
    public static final String DEFAULT = "mapping/default-mapping.yaml";

    private final MappingSpec spec;

    MappingConfiguration(SyncConfig config) {
        this.spec = config.mappingFile().filter(f -> !f.isBlank()).map(String::trim).map(MappingConfiguration::load)
                .orElseGet(MappingConfiguration::builtIn);
    }

    /** The parsed mapping (not yet checked against the tables: see {@link io.mysqlmongosync.mapping.spec.MappingResolver}). */
    public MappingSpec spec() {
        return spec;
    }

    /** Reads and parses {@code file}. */
    static MappingSpec load(String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new MappingException(file, 0, "SYNC_MAPPING_FILE names a file that does not exist or cannot be read");
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return MappingFileParser.parse(file, r, false);
        } catch (IOException e) {
            throw new MappingException(file, 0, "cannot be read: " + e.getMessage());
        }
    }

    private static MappingSpec builtIn() {
        InputStream in = MappingConfiguration.class.getClassLoader().getResourceAsStream(DEFAULT);
        if (in == null) {
            throw new IllegalStateException(DEFAULT + " is missing from the application");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return MappingFileParser.parse("built-in default (" + DEFAULT + ")", r, true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT, e);
        }
    }
}
