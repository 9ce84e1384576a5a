package io.actionwatch.operator.replay;

import io.actionwatch.config.ClientSettings;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the committed action events between two offsets per partition of a topic, without a consumer group (assigned
 * partitions, nothing committed), so reading leaves no trace on the cluster.
 */
final class EventSlice {

    private EventSlice() {
    }

    /**
     * @param from first offset per partition
     * @param to   offset per partition to stop before (read_committed: the end the consumer sees)
     */
    /** @param client bootstrap servers, registry and any security settings */
    static List<ActionEvent> read(Map<String, Object> client,
                                  Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, Duration timeout) {
        List<ActionEvent> events = new ArrayList<>();
        Map<TopicPartition, Long> pending = new HashMap<>();
        to.forEach((tp, end) -> {
            if (end > from.getOrDefault(tp, end)) {
                pending.put(tp, end);
            }
        });
        if (pending.isEmpty()) {
            return events;
        }
        Map<String, Object> config = ClientSettings.select(client, ConsumerConfig.configNames());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, ActionEvent> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerdes.specific(ActionEvent.class, client, false).deserializer())) {
            consumer.assign(pending.keySet());
            pending.keySet().forEach(tp -> consumer.seek(tp, from.get(tp)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading events up to offsets " + pending + " took longer than "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, ActionEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    Long end = pending.get(tp);
                    if (end != null && record.offset() < end && record.value() != null) {
                        events.add(record.value());
                    }
                }
                // Transaction markers take offsets too: a partition is done once the position reaches its end.
                pending.keySet().removeIf(tp -> consumer.position(tp) >= pending.get(tp));
            }
        }
        return events;
    }
}
