package io.actionwatch.operator.alerts;

import io.actionwatch.config.ClientSettings;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.actionwatch.operator.topics.TopicContracts;
import io.actionwatch.schemas.Alert;
import io.actionwatch.sink.alerting.AlertRecords;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes replayed alerts to a topic of the operator's choosing, created (when missing) with the contract of
 * alerts.v1 and as many partitions as the events' topic, in records exactly like the live sink's
 * ({@link AlertRecords}). The producer is idempotent with acks=all, and {@link #finish()} waits for every alert to be
 * acknowledged, so a replay that reports success has written all it printed.
 */
final class AlertTopicWriter implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Serializer<Alert> serializer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Future<RecordMetadata>> sends = new ArrayList<>();

    /**
     * @param sourceTopic the events' topic, whose partition count and replication the new topic copies
     */
    /** @param client bootstrap servers and any security settings */
    AlertTopicWriter(Map<String, Object> client, String topic, String sourceTopic, Serializer<Alert> serializer) {
        this.topic = topic;
        this.serializer = serializer;
        try (Admin admin = Admin.create(ClientSettings.select(client, AdminClientConfig.configNames()))) {
            TopicDescription source = describe(admin, sourceTopic);
            short replication = (short) source.partitions().get(0).replicas().size();
            new TopicProvisioner(admin, ADMIN_TIMEOUT).provision(List.of(
                    TopicContracts.like(Topics.ALERTS, topic, source.partitions().size(), replication)));
        }
        Map<String, Object> config = ClientSettings.select(client, ProducerConfig.configNames());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "actionwatch-operator-replay-alerts");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    void write(Alert alert) {
        sends.add(producer.send(AlertRecords.of(topic, alert, serializer.serialize(topic, alert))));
    }

    /** Waits until every alert written is acknowledged; returns how many were. */
    int finish() throws InterruptedException {
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("an alert was not written to " + topic + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
        return sends.size();
    }

    private static TopicDescription describe(Admin admin, String name) {
        try {
            return admin.describeTopics(List.of(name)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
