package io.actionwatch.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopicProvisionerIT {

    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("message.max.bytes", Integer.toString(Topics.MAX_FRAME_RECORD_BYTES + 256 * 1024))
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void createsMissingTopicsWithPartitionsAndConfigsAndToleratesExistingOnes() throws Exception {
        try (Admin admin = cluster.admin()) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
            List<TopicSpec> specs = Topics.all(3, (short) 1);

            assertThat(provisioner.provision(specs))
                    .containsExactlyInAnyOrder(Topics.FRAMES, Topics.ACTIONS, Topics.DEAD_LETTERS, Topics.ALERTS);

            Map<String, TopicDescription> described = admin.describeTopics(
                    specs.stream().map(TopicSpec::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicSpec spec : specs) {
                assertThat(described.get(spec.name()).partitions()).hasSize(3);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                spec.configs().forEach((key, value) -> assertThat(config.get(key).value()).as(spec.name() + " " + key).isEqualTo(value));
            }

            // Second run: nothing to create, nothing fails.
            assertThat(provisioner.provision(specs)).isEmpty();
        }
    }

    @Test
    void existingTopicWithTooFewPartitionsIsAnError() throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("narrow.v1", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
            List<TopicSpec> specs = List.of(
                    new TopicSpec("narrow.v1", 4, (short) 1, Map.of()),
                    new TopicSpec("fresh.v1", 2, (short) 1, Map.of()));
            assertThatThrownBy(() -> provisioner.provision(specs))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("narrow.v1")
                    .hasMessageContaining("1 partitions")
                    .hasMessageContaining("4 are required");
            // The missing topic was still created.
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("fresh.v1");
        }
    }

    @Test
    void refusedCreationIsReportedWithTheSpec() throws Exception {
        try (Admin admin = cluster.admin()) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
            // One broker cannot hold three replicas.
            assertThatThrownBy(() -> provisioner.provision(List.of(new TopicSpec("replicated.v1", 1, (short) 3, Map.of()))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("replicated.v1")
                    .hasMessageContaining("replication factor 3");
        }
    }
}
