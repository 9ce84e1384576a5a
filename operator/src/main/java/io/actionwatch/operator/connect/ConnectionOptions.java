package io.actionwatch.operator.connect;

import io.actionwatch.launcher.LocalInfrastructure;
import io.actionwatch.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Work directory of a stopped ./run-pipeline run: its broker and registry are started for "
                    + "this command and stopped after it. While ./run-pipeline runs, give the addresses it logged "
                    + "instead (infrastructure ready bootstrapServers=... schemaRegistry=...).")
    Path workDir;

    /** Connects as configured; the caller closes the connection (which stops infrastructure it started). */
    public Connection open() {
        boolean addresses = given(bootstrapServers) || given(schemaRegistryUrl);
        if (workDir != null) {
            if (addresses) {
                throw new IllegalArgumentException("give either --work-dir or --bootstrap-servers with "
                        + "--schema-registry-url, not both (ACTIONWATCH_BOOTSTRAP_SERVERS and "
                        + "ACTIONWATCH_SCHEMA_REGISTRY_URL count as given)");
            }
            return startEmbedded(workDir);
        }
        if (!given(bootstrapServers) || !given(schemaRegistryUrl)) {
            throw new IllegalArgumentException("no broker and registry: give --bootstrap-servers and "
                    + "--schema-registry-url (or ACTIONWATCH_BOOTSTRAP_SERVERS and ACTIONWATCH_SCHEMA_REGISTRY_URL), "
                    + "or --work-dir of an embedded default run");
        }
        return new Connection(bootstrapServers.trim(), schemaRegistryUrl.trim(), Optional.empty());
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
            infrastructure = LocalInfrastructure.start(dir, Topics.all(1, (short) 1));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot start the infrastructure of " + dir.toAbsolutePath() + ": "
                    + e.getMessage() + ". If ./run-pipeline is running on this directory, give the addresses it logged "
                    + "(infrastructure ready bootstrapServers=... schemaRegistry=...) with --bootstrap-servers and "
                    + "--schema-registry-url instead.", e);
        }
        return new Connection(infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl(),
                Optional.of(infrastructure));
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
