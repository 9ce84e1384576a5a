package io.actionwatch.operator.connect;

import io.actionwatch.launcher.LocalInfrastructure;
import io.actionwatch.serde.RegistrySerdeConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The broker and registry an operator tool talks to; closing it stops the embedded infrastructure when the tool
 * started one, and does nothing to a deployment's.
 */
public record Connection(String bootstrapServers, String schemaRegistryUrl, Optional<LocalInfrastructure> started)
        implements AutoCloseable {

    public Connection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(started, "started");
    }

    /** Settings of the project's Avro serdes; {@code register} whether the tool may register the schemas it writes. */
    public Map<String, Object> serdeConfig(boolean register) {
        Map<String, Object> config = new HashMap<>();
        config.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        config.put(RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS, register);
        return config;
    }

    @Override
    public void close() {
        started.ifPresent(LocalInfrastructure::close);
    }
}
