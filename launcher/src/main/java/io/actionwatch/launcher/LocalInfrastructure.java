package io.actionwatch.launcher;

import io.actionwatch.stack.broker.KafkaBroker;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The embedded default's infrastructure: a real KRaft broker and a real schema registry, each in its own JVM, and
 * the pipeline's topics. Closing it stops both processes. The benchmark suite measures on exactly this.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaBroker broker;
    private final ApicurioRegistry registry;

    private LocalInfrastructure(KafkaBroker broker, ApicurioRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /** Starts broker and registry side by side (they do not depend on each other), then creates the topics. */
    public static LocalInfrastructure start(Path workDir, Collection<TopicSpec> topics) {
        long started = System.nanoTime();
        var pendingRegistry = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> ApicurioRegistry.start(ApicurioRegistry.defaultHome(), workDir.resolve("registry")));
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), workDir.resolve("kafka"));
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
        LocalInfrastructure infrastructure = new LocalInfrastructure(broker, registry);
        try {
            infrastructure.createTopics(topics);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        log.atInfo().setMessage("infrastructure ready")
                .addKeyValue("bootstrapServers", broker.bootstrapServers())
                .addKeyValue("schemaRegistry", registry.ccompatUrl())
                .addKeyValue("seconds", String.format("%.1f", (System.nanoTime() - started) / 1e9))
                .log();
        return infrastructure;
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

    /** A new admin client on the broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
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
