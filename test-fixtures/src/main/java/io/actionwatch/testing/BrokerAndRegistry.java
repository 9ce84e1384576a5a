package io.actionwatch.testing;

import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * What an integration test of any module starts, once: a real in-process single-node KRaft broker (Kafka's own
 * test kit, settled for one node: replication factors 1, no initial rebalance delay), the real Apicurio registry as a
 * child JVM, and the pipeline's topics with their contracts. Closing it stops both.
 *
 * <pre>{@code
 * infra = BrokerAndRegistry.start(workDir, 2);   // @BeforeAll
 * infra.cluster().bootstrapServers(); infra.registry().ccompatUrl();
 * infra.close();                                  // @AfterAll
 * }</pre>
 */
public final class BrokerAndRegistry implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final ApicurioRegistry registry;

    private BrokerAndRegistry(KafkaClusterTestKit cluster, ApicurioRegistry registry) {
        this.cluster = cluster;
        this.registry = registry;
    }

    /** Starts broker and registry (the registry's files under {@code workDir/registry}) and creates every topic. */
    public static BrokerAndRegistry start(Path workDir, int partitions) throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        ApicurioRegistry registry = null;
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), workDir.resolve("registry"));
            try (Admin admin = cluster.admin()) {
                new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(Topics.all(partitions, (short) 1));
            }
            return new BrokerAndRegistry(cluster, registry);
        } catch (Exception | Error e) {
            if (registry != null) {
                registry.close();
            }
            cluster.close();
            throw e;
        }
    }

    public KafkaClusterTestKit cluster() {
        return cluster;
    }

    public ApicurioRegistry registry() {
        return registry;
    }

    @Override
    public void close() throws Exception {
        try {
            registry.close();
        } finally {
            cluster.close();
        }
    }
}
