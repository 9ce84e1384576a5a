package io.actionwatch.operator.connect;

import io.actionwatch.launcher.LocalInfrastructure;
import io.actionwatch.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import io.actionwatch.security.ClientSecurity;
import io.actionwatch.security.Role;
import io.actionwatch.serde.RegistrySerdeConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where an operator tool finds the broker and the registry: a deployment's addresses ({@code --bootstrap-servers} and
 * {@code --schema-registry-url}, defaulting to the services' own environment variables), or the work directory of an
 * embedded default run ({@code --work-dir}), whose infrastructure is then started for the tool and stopped after it.
 */
public final class ConnectionOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:ACTIONWATCH_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (default: $ACTIONWATCH_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            defaultValue = "${env:ACTIONWATCH_SCHEMA_REGISTRY_URL}",
            description = "Confluent-compatible schema registry API, e.g. http://host:8081/apis/ccompat/v7 "
                    + "(default: $ACTIONWATCH_SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Properties file of client settings, e.g. a secured deployment's operator.properties "
                    + "(credentials, trusted CA; secrets never on the command line). Its bootstrap.servers and "
                    + "schema.registry.url apply unless given as options.")
    Path clientConfig;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Work directory of a stopped ./run-pipeline run: its broker and registry are started for "
                    + "this command and stopped after it. While ./run-pipeline runs, give the addresses it logged "
                    + "instead (infrastructure ready bootstrapServers=... schemaRegistry=...).")
    Path workDir;

    /** Connects as configured; the caller closes the connection (which stops infrastructure it started). */
    public Connection open() {
        boolean addresses = given(bootstrapServers) || given(schemaRegistryUrl) || clientConfig != null;
        if (workDir != null) {
            if (addresses) {
                throw new IllegalArgumentException("give either --work-dir or --bootstrap-servers with "
                        + "--schema-registry-url, not both (ACTIONWATCH_BOOTSTRAP_SERVERS and "
                        + "ACTIONWATCH_SCHEMA_REGISTRY_URL count as given)");
            }
            return startEmbedded(workDir);
        }
        Map<String, Object> client = new HashMap<>();
        if (clientConfig != null) {
            client.putAll(ClientSecurity.read(clientConfig));
        }
        if (given(bootstrapServers)) {
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.trim());
        }
        if (given(schemaRegistryUrl)) {
            client.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl.trim());
        }
        if (!client.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                || !client.containsKey(RegistrySerdeConfig.SCHEMA_REGISTRY_URL)) {
            throw new IllegalArgumentException("no broker and registry: give --bootstrap-servers and "
                    + "--schema-registry-url (or ACTIONWATCH_BOOTSTRAP_SERVERS and ACTIONWATCH_SCHEMA_REGISTRY_URL), "
                    + "or --work-dir of an embedded default run");
        }
        return new Connection(client, Optional.empty());
    }

    private static Connection startEmbedded(Path dir) {
        // The launcher keeps the broker's data under <work-dir>/kafka; without it this is not a run's directory and
        // starting would create an empty broker, whose empty topics would read as "no events" instead of a mistake.
        if (!Files.isDirectory(dir.resolve("kafka"))) {
            throw new IllegalArgumentException("--work-dir " + dir.toAbsolutePath() + " is not the work directory of a "
                    + "./run-pipeline run (it has no kafka/ directory)");
        }
        LocalInfrastructure infrastructure;
        try {
            // One partition is a floor, not a change: existing topics are left as they are.
            // A run started with --secure left its secrets there: the stack starts secured again, the tool as operator.
            infrastructure = LocalInfrastructure.start(dir, Topics.all(1, (short) 1),
                    LocalInfrastructure.wasSecured(dir) ? Optional.of(LocalInfrastructure.embeddedAccessPolicy())
                            : Optional.empty());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot start the infrastructure of " + dir.toAbsolutePath() + ": "
                    + e.getMessage() + ". If ./run-pipeline is running on this directory, give the addresses it logged "
                    + "(infrastructure ready bootstrapServers=... schemaRegistry=...) with --bootstrap-servers and "
                    + "--schema-registry-url instead.", e);
        }
        return new Connection(infrastructure.clientSettings(Role.OPERATOR), Optional.of(infrastructure));
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
