package io.actionwatch.inference.testing;

import io.actionwatch.inference.app.ActionTopology;
import io.actionwatch.inference.app.InferenceApp;
import io.actionwatch.inference.app.InferenceConfig;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The real infrastructure of the pipeline's integration tests: the Apicurio registry started from the build and an
 * in-process single-node KRaft broker (KafkaClusterTestKit) with the topics provisioned as in production, plus the
 * clients a test needs to talk to them. Start it in {@code @BeforeAll}, close it in {@code @AfterAll}.
 */
public final class PipelineInfrastructure implements AutoCloseable {

    /** How long {@link #await(String, BooleanSupplier)} waits. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    private final Path work;
    private final ApicurioRegistry registry;
    private final KafkaClusterTestKit cluster;

    private PipelineInfrastructure(Path work, ApicurioRegistry registry, KafkaClusterTestKit cluster) {
        this.work = work;
        this.registry = registry;
        this.cluster = cluster;
    }

    /**
     * Starts the registry and the broker and creates every topic ({@link Topics#all}, 2 partitions, replication 1).
     *
     * @param work a directory for the registry's files and the applications' state
     */
    public static PipelineInfrastructure start(Path work) throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), work.resolve("registry"));
        KafkaClusterTestKit cluster = null;
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("message.max.bytes", Integer.toString(ActionTopology.MAX_RECORD_BYTES))
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            try (Admin admin = admin(cluster.bootstrapServers())) {
                new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(Topics.all(2, (short) 1));
            }
            return new PipelineInfrastructure(work, registry, cluster);
        } catch (Exception | Error e) {
            try {
                if (cluster != null) {
                    cluster.close();
                }
            } finally {
                registry.close();
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The registry's Confluent-compatible API, what {@link InferenceConfig#SCHEMA_REGISTRY_URL} takes. */
    public String registryUrl() {
        return registry.ccompatUrl();
    }

    /** What the project's Avro serdes need to reach the registry. */
    public Map<String, Object> serdeConfig() {
        return Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl());
    }

    /**
     * Settings of an inference application on this infrastructure, to add the model and any tuning to: the
     * application id, bootstrap servers, registry, a state directory under the work directory and a 200 ms commit
     * interval (events of read_committed readers appear within a few of those).
     */
    public Map<String, Object> appSettings(String applicationId) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        settings.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl());
        return settings;
    }

    /**
     * Creates the application, wipes its local state (so a restarted instance must restore from the changelogs),
     * starts it and waits until it is running.
     */
    public InferenceApp startApp(Map<String, Object> settings) {
        InferenceApp app = InferenceApp.create(new InferenceConfig(settings));
        try {
            app.streams().cleanUp();
            app.start();
            await("application running", () -> app.streams().state() == KafkaStreams.State.RUNNING);
            return app;
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
    }

    /** An idempotent producer of frames (acks=all), values through the registry; key = camera id. */
    public KafkaProducer<String, VideoFrame> frameProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), AvroSerdes.specific(VideoFrame.class, serdeConfig(), false).serializer());
    }

    /** A producer of arbitrary bytes, for poison records. */
    public KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A read_committed consumer of one topic from its beginning, in a group of its own, values decoded through the
     * registry; keys are strings on actions.v1 (the camera id) and bytes elsewhere.
     */
    public <K, V extends SpecificRecord> KafkaConsumer<K, V> consumer(String topic, Class<V> type) {
        Deserializer<V> value = AvroSerdes.specific(type, serdeConfig(), false).deserializer();
        @SuppressWarnings("unchecked")
        Deserializer<K> key = (Deserializer<K>) (topic.equals(Topics.ACTIONS)
                ? new StringDeserializer() : new ByteArrayDeserializer());
        KafkaConsumer<K, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), key, value);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * Whether the consumer group (an application id) has committed every record of the topic: with exactly-once
     * processing its output for those records is committed too.
     */
    public boolean consumedAll(String groupId, String topic) {
        try (Admin admin = admin(bootstrapServers())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream()
                            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get()
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            return partitions.stream().allMatch(p -> ends.get(p) == 0
                    || (committed.get(p) != null && committed.get(p).offset() >= ends.get(p)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted reading offsets of " + groupId, e);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot read offsets of " + groupId + " on " + topic, e);
        }
    }

    /** Adds what one poll (up to 200 ms) returns to {@code into}; returns how many that was. */
    public static <K, V> int drain(KafkaConsumer<K, V> consumer, List<V> into) {
        int n = 0;
        for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
            into.add(record.value());
            n++;
        }
        return n;
    }

    /** Waits up to {@link #WAIT} for the condition, checking every 100 ms. */
    public static void await(String what, BooleanSupplier condition) {
        await(what, WAIT, condition);
    }

    public static void await(String what, Duration wait, BooleanSupplier condition) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + wait + " waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Stops the broker, then the registry. */
    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            registry.close();
        }
    }
}
