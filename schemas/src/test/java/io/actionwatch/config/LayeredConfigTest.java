package io.actionwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredConfigTest {

    private static final String DEFAULTS = "config/test-defaults.properties";
    private static final String PREFIX = "ACTIONWATCH_";

    @TempDir
    Path dir;

    @Test
    void defaultsAloneWhenNothingElseIsGiven() {
        Properties properties = LayeredConfig.load(DEFAULTS, Optional.empty(), Map.of(), PREFIX, Set.of());
        assertThat(properties).containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("schema.registry.url", "http://localhost:8081")
                .containsEntry("camera.fps", "15")
                .hasSize(3);
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesBoth() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "bootstrap.servers=broker:9092\ncamera.fps=10\nlinger.ms=5\n# comment\ndescription=caméra\n",
                StandardCharsets.UTF_8);
        Map<String, String> env = Map.of(
                "ACTIONWATCH_CAMERA_FPS", "30",
                "ACTIONWATCH_SCHEMA_REGISTRY_URL", "http://registry:8080/apis/ccompat/v7",
                "ACTIONWATCH_MAX_REQUEST_SIZE", "9000000",
                "OTHER_CAMERA_FPS", "1");
        Properties properties = LayeredConfig.load(DEFAULTS, Optional.of(file), env, PREFIX, Set.of("max.request.size"));
        assertThat(properties)
                .containsEntry("bootstrap.servers", "broker:9092")                          // file over default
                .containsEntry("camera.fps", "30")                                          // env over file
                .containsEntry("schema.registry.url", "http://registry:8080/apis/ccompat/v7") // env over default
                .containsEntry("max.request.size", "9000000")                               // env for a known key
                .containsEntry("linger.ms", "5")                                            // file-only key kept
                .containsEntry("description", "caméra");                                    // file read as UTF-8
    }

    @Test
    void environmentVariableNamesFollowTheRule() {
        assertThat(LayeredConfig.envVariable(PREFIX, "schema.registry.url")).isEqualTo("ACTIONWATCH_SCHEMA_REGISTRY_URL");
        assertThat(LayeredConfig.envVariable(PREFIX, "model-dir")).isEqualTo("ACTIONWATCH_MODEL_DIR");
        // A key that is neither known nor in any layer cannot be set from the environment.
        Properties properties = LayeredConfig.load(DEFAULTS, Optional.empty(), Map.of("ACTIONWATCH_UNKNOWN_KEY", "x"),
                PREFIX, Set.of("model-dir"));
        assertThat(properties).doesNotContainKey("unknown.key").doesNotContainKey("unknown_key");
    }

    @Test
    void missingFileIsAClearError() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> LayeredConfig.load(DEFAULTS, Optional.of(missing), Map.of(), PREFIX, Set.of()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void malformedFileIsAClearError() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "key=\\uZZZZ\n");
        assertThatThrownBy(() -> LayeredConfig.load(DEFAULTS, Optional.of(file), Map.of(), PREFIX, Set.of()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toAbsolutePath().toString());
    }

    @Test
    void directoryInsteadOfFileIsAClearError() {
        assertThatThrownBy(() -> LayeredConfig.load(DEFAULTS, Optional.of(dir), Map.of(), PREFIX, Set.of()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(dir.toAbsolutePath().toString());
    }

    @Test
    void missingDefaultsResourceIsAClearError() {
        assertThatThrownBy(() -> LayeredConfig.load("config/absent.properties", Optional.empty(), Map.of(), PREFIX, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config/absent.properties");
    }
}
