package io.actionwatch.launcher;

import io.actionwatch.sink.app.SinkConfig;
import io.actionwatch.stack.broker.KafkaBroker;
import io.actionwatch.inference.app.StreamWiring;
import io.actionwatch.security.AccessPolicy;
import io.actionwatch.security.ClientSecurity;
import io.actionwatch.security.Role;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.stack.registry.RegistrySecurity;
import io.actionwatch.stack.security.StackSecrets;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.Topics;
import io.actionwatch.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded default's infrastructure: a real KRaft broker and a real schema registry, each in its own JVM, and
 * the pipeline's topics. Closing it stops both processes. The benchmark suite measures on exactly this.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    /** Where a secured stack keeps its passwords, certificates and each role's client settings. */
    static final String SECRETS_DIR = "secrets";

    private final KafkaBroker broker;
    private final ApicurioRegistry registry;
    private final Optional<StackSecrets> secrets;

    private LocalInfrastructure(KafkaBroker broker, ApicurioRegistry registry, Optional<StackSecrets> secrets) {
        this.broker = broker;
        this.registry = registry;
        this.secrets = secrets;
    }

    /** Starts broker and registry side by side (they do not depend on each other), then creates the topics. */
    public static LocalInfrastructure start(Path workDir, Collection<TopicSpec> topics) {
        return start(workDir, topics, Optional.empty());
    }

    /**
     * As {@link #start(Path, Collection)}; with {@code policy}, secured: SASL/SCRAM over TLS and the policy's ACLs on
     * the broker, https with basic authentication on the registry, users, ACLs, topics and schemas provisioned
     * (SecureProvisioning), and each role's client settings written to {@code <workDir>/secrets/<role>.properties}.
     */
    public static LocalInfrastructure start(Path workDir, Collection<TopicSpec> topics, Optional<AccessPolicy> policy) {
        if (policy.isEmpty() && wasSecured(workDir)) {
            // Started plain, the broker would serve the secured run's frames and events to anyone who connects.
            throw new IllegalStateException("the work directory " + workDir.toAbsolutePath() + " was run secured (it "
                    + "holds " + SECRETS_DIR + "/); start it with --secure again, or use another work directory");
        }
        long started = System.nanoTime();
        Optional<StackSecrets> secrets = policy.map(p -> StackSecrets.prepare(workDir.resolve(SECRETS_DIR),
                Arrays.stream(Role.values()).map(Role::user).toList()));
        Optional<RegistrySecurity> registrySecurity = secrets.map(s -> new RegistrySecurity(s, Role.ADMIN.user(),
                Arrays.stream(Role.values()).filter(role -> !role.registersSchemas()).map(Role::user).toList()));
        var pendingRegistry = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> ApicurioRegistry.start(ApicurioRegistry.defaultHome(), workDir.resolve("registry"), registrySecurity));
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), workDir.resolve("kafka"), secrets);
        } catch (RuntimeException e) {
            pendingRegistry.thenAccept(ApicurioRegistry::close);
            throw e;
        }
        ApicurioRegistry registry;
        try {
            registry = pendingRegistry.join();
        } catch (RuntimeException e) {
            broker.close();
            throw unwrap(e);
        }
        LocalInfrastructure infrastructure = new LocalInfrastructure(broker, registry, secrets);
        try {
            if (policy.isPresent()) {
                SecureProvisioning.usersAndAcls(broker.bootstrapServers(), secrets.get(), policy.get());
                for (Role role : Role.values()) {
                    ClientSecurity.write(infrastructure.clientSettingsFile(role), infrastructure.clientSettings(role));
                }
                SecureProvisioning.awaitAuthentication(infrastructure.clientSettings(Role.ADMIN));
            }
            infrastructure.createTopics(topics);
            if (policy.isPresent()) {
                SecureProvisioning.schemas(infrastructure.clientSettings(Role.ADMIN));
            }
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        log.atInfo().setMessage("infrastructure ready")
                .addKeyValue("bootstrapServers", broker.bootstrapServers())
                .addKeyValue("schemaRegistry", registry.ccompatUrl())
                .addKeyValue("secured", policy.isPresent())
                .addKeyValue("seconds", String.format("%.1f", (System.nanoTime() - started) / 1e9))
                .log();
        return infrastructure;
    }

    /** The rights of each role for the ids the project's services and tools run with by default. */
    public static AccessPolicy embeddedAccessPolicy() {
        return new AccessPolicy(StreamWiring.LIVE_APPLICATION_ID, SinkConfig.DEFAULT_GROUP_ID,
                StreamWiring.REPLAY_APPLICATION_ID_PREFIX, Topics.REPLAY_ACTIONS_PREFIX);
    }

    /** Whether a run over {@code workDir} was secured (its secrets are there). */
    public static boolean wasSecured(Path workDir) {
        return Files.isDirectory(workDir.resolve(SECRETS_DIR));
    }

    private void createTopics(Collection<TopicSpec> topics) {
        try (Admin admin = admin()) {
            List<String> created = new TopicProvisioner(admin, TOPIC_TIMEOUT).provision(topics);
            log.info("topics ready created={}", created);
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registry.ccompatUrl();
    }

    /** Process id of the broker's JVM (the soak samples its memory). */
    public long brokerPid() {
        return broker.pid();
    }

    /** Process id of the registry's JVM. */
    public long registryPid() {
        return registry.pid();
    }

    /** The broker's and the registry's own log files (in the work directory). */
    public List<Path> logFiles() {
        return List.of(broker.logFile(), registry.logFile());
    }

    /** A new admin client on the broker (the admin role when secured); the caller closes it. */
    public Admin admin() {
        return Admin.create(clientSettings(Role.ADMIN));
    }

    public boolean secured() {
        return secrets.isPresent();
    }

    /**
     * Everything a client of {@code role} needs: bootstrap servers and registry URL, and when secured its
     * credentials, the CA it trusts and schema auto-registration off. Unsecured, every role gets the same.
     */
    public Map<String, Object> clientSettings(Role role) {
        if (secrets.isPresent()) {
            return SecureProvisioning.roleSettings(role, broker.bootstrapServers(), registry.ccompatUrl(), secrets.get());
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registry.ccompatUrl());
        return settings;
    }

    /** The file holding {@link #clientSettings(Role)} of a secured stack (owner-only: it holds a password). */
    public Path clientSettingsFile(Role role) {
        return secrets.orElseThrow(() -> new IllegalStateException("the stack is not secured")).dir()
                .resolve(role.user() + ".properties");
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }

    private static RuntimeException unwrap(RuntimeException e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() instanceof RuntimeException cause
                ? cause : e;
    }
}
