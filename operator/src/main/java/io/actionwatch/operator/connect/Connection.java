package io.actionwatch.operator.connect;

import io.actionwatch.launcher.LocalInfrastructure;
import io.actionwatch.serde.RegistrySerdeConfig;
import java.util.HashMap;
import org.apache.kafka.clients.CommonClientConfigs;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The broker and registry an operator tool talks to; closing it stops the embedded infrastructure when the tool
 * started one, and does nothing to a deployment's.
 */
public record Connection(Map<String, Object> client, Optional<LocalInfrastructure> started)
        implements AutoCloseable {

    /**
     * @param client bootstrap servers, registry URL and any security settings (a secured deployment's
     *               operator.properties), handed to every client and serde of the tool
     */
    public Connection {
        client = Map.copyOf(client);
        Objects.requireNonNull(client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG), "bootstrap servers");
        Objects.requireNonNull(client.get(RegistrySerdeConfig.SCHEMA_REGISTRY_URL), "schema registry URL");
        Objects.requireNonNull(started, "started");
    }

    public String bootstrapServers() {
        return client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
    }

    public String schemaRegistryUrl() {
        return client.get(RegistrySerdeConfig.SCHEMA_REGISTRY_URL).toString();
    }

    /**
     * Settings of the project's Avro serdes. What a tool writes goes to topics named at run time with a pipeline
     * topic's contract, so its values register under their record's name ({@code RecordNameStrategy}): a secured
     * deployment registers those subjects at provisioning and the operator role needs no right to register.
     */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>(client);
        config.put(RegistrySerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, RegistrySerdeConfig.RECORD_NAME_STRATEGY);
        return config;
    }

    @Override
    public void close() {
        started.ifPresent(LocalInfrastructure::close);
    }
}
