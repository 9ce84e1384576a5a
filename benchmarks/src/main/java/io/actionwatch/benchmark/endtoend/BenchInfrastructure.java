package io.actionwatch.benchmark.endtoend;

import io.actionwatch.stack.broker.KafkaBroker;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.TopicSpec;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The embedded default's infrastructure as the launcher starts it (a real KRaft broker and a real Apicurio
 * registry, each a child JVM, and the pipeline's topics), plus a scratch topic for transfer microbenchmarks.
 */
public final class BenchInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BenchInfrastructure.class);
    public static final String SCRATCH_TOPIC = "benchmark.scratch";

    private final KafkaBroker broker;
    private final ApicurioRegistry registry;

    private BenchInfrastructure(KafkaBroker broker, ApicurioRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    public static BenchInfrastructure start(Path workDir, int partitions) {
        long started = System.nanoTime();
        CompletableFuture<ApicurioRegistry> pending = CompletableFuture.supplyAsync(
                () -> ApicurioRegistry.start(ApicurioRegistry.defaultHome(), workDir.resolve("registry")));
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), workDir.resolve("kafka"));
        } catch (RuntimeException e) {
            pending.thenAccept(ApicurioRegistry::close);
            throw e;
        }
        ApicurioRegistry registry;
        try {
            registry = pending.join();
        } catch (CompletionException e) {
            broker.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        BenchInfrastructure infrastructure = new BenchInfrastructure(broker, registry);
        try (Admin admin = infrastructure.admin()) {
            List<TopicSpec> specs = new ArrayList<>(Topics.all(partitions, (short) 1));
            specs.add(new TopicSpec(SCRATCH_TOPIC, 1, (short) 1,
                    Map.of("max.message.bytes", Integer.toString(Topics.MAX_FRAME_RECORD_BYTES))));
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(specs);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        log.info("infrastructure ready bootstrap={} registry={} seconds={}", broker.bootstrapServers(),
                registry.ccompatUrl(), String.format("%.1f", (System.nanoTime() - started) / 1e9));
        return infrastructure;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.ccompatUrl();
    }

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
}
