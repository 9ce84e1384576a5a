package io.actionwatch.benchmark.soak;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.text.UntrustedText;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.avro.specific.SpecificRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads the pipeline's topics from the beginning to their end, as a downstream consumer does (read_committed), after
 * the run: which frames each camera put on {@code frames.v1}, which clips {@code actions.v1} has events for, and what
 * {@code dlq.v1} holds.
 */
final class TopicAudit {

    /** What the dead-letter topic holds: records per error kind, and the first few messages. */
    record DeadLetters(long total, Map<String, Long> perKind, List<String> examples) {
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STALL = Duration.ofSeconds(60);
    private static final int EXAMPLES = 3;

    private final String bootstrapServers;
    private final String registryUrl;

    TopicAudit(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /**
     * Sequence numbers per camera on {@code frames.v1}.
     *
     * @throws IllegalStateException when a camera published under more than one epoch (it restarted): its
     *                               sequences then mean two different frames and clips cannot be matched
     */
    Map<String, BitSet> frames() {
        Map<String, BitSet> sequences = new TreeMap<>();
        Map<String, Set<Long>> epochs = new HashMap<>();
        readAll(Topics.FRAMES, VideoFrame.class, frame -> {
            String camera = frame.getCameraId();
            epochs.computeIfAbsent(camera, c -> new HashSet<>()).add(frame.getEpoch());
            long sequence = frame.getSequence();
            if (sequence > Integer.MAX_VALUE) {
                throw new IllegalStateException("camera " + UntrustedText.excerpt(camera) + " sequence " + sequence
                        + " beyond what the soak counts");
            }
            sequences.computeIfAbsent(camera, c -> new BitSet()).set((int) sequence);
        });
        epochs.forEach((camera, seen) -> {
            if (seen.size() > 1) {
                throw new IllegalStateException("camera " + UntrustedText.excerpt(camera) + " published under "
                        + seen.size() + " epochs (it restarted during the soak); its clips cannot be counted");
            }
        });
        return sequences;
    }

    List<ClipLedger.ClipEvent> events() {
        List<ClipLedger.ClipEvent> events = new ArrayList<>();
        readAll(Topics.ACTIONS, ActionEvent.class, e -> events.add(
                new ClipLedger.ClipEvent(e.getCameraId(), e.getFirstSequence(), e.getLastSequence())));
        return events;
    }

    DeadLetters deadLetters() {
        Map<String, Long> perKind = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        readAll(Topics.DEAD_LETTERS, DeadLetter.class, d -> {
            perKind.merge(d.getErrorKind(), 1L, Long::sum);
            if (examples.size() < EXAMPLES) {
                examples.add(d.getErrorKind() + " from " + d.getSourceTopic() + "/" + d.getSourcePartition() + "@"
                        + d.getSourceOffset() + " by " + UntrustedText.excerpt(d.getApplication()) + ": "
                        + UntrustedText.excerpt(d.getErrorMessage()));
            }
        });
        return new DeadLetters(perKind.values().stream().mapToLong(Long::longValue).sum(), perKind, examples);
    }

    private <T extends SpecificRecord> void readAll(String topic, Class<T> type, Consumer<T> each) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "soak-audit-" + topic);
        try (var serde = AvroSerdes.specific(type, Map.of("schema.registry.url", registryUrl), false);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            Deserializer<T> values = serde.deserializer();
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end is the last stable offset, everything a downstream reader would ever see.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long lastProgress = System.nanoTime();
            while (!reached(consumer, end)) {
                var records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new IllegalStateException("reading " + topic + " stalled for " + STALL.toSeconds()
                            + " s before its end offsets " + end);
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    each.accept(values.deserialize(topic, r.headers(), r.value()));
                }
            }
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
