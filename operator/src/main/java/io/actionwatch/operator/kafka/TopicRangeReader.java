package io.actionwatch.operator.kafka;

import io.actionwatch.config.ClientSettings;

import io.actionwatch.operator.range.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the committed records of one topic whose timestamps fall in a {@link TimeRange}, without a consumer group:
 * partitions are {@code assign()}ed, each is sought to the first offset at or after the range's start
 * ({@code offsetsForTimes}) and read up to its end offset as it was when reading began, so nothing is ever committed
 * and no group (the live sink's above all) is joined or touched, and a busy topic still gives a finite answer.
 *
 * <p>Within a partition records come in offset order, which is the order the live consumers see them in; a topic
 * keyed by camera keeps each camera in one partition, so each camera's records come in the order it produced them.
 * A partition's timestamps need not grow with its offsets (cameras' clocks, late clips), so every record up to the end
 * offset is checked against the range: the start is exact through the timestamp index (every earlier offset is
 * older), and the end is exact by that check.
 *
 * <p>{@code read_committed}: the topics are written by exactly-once producers; records of aborted transactions are
 * never returned, and the end offset of a partition is its last stable offset.
 */
public final class TopicRangeReader implements AutoCloseable {

    /** How long reading may go without a partition getting closer to its end offset before it is given up. */
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(TopicRangeReader.class);

    private final KafkaConsumer<byte[], byte[]> consumer;

    /** @param clientId names the tool in the broker's logs and metrics */
    /** @param client bootstrap servers and any security settings (other keys are left out) */
    public TopicRangeReader(Map<String, Object> client, String clientId) {
        Map<String, Object> config = ClientSettings.select(client, ConsumerConfig.configNames());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        // No group.id: assign() and seek() need none, and without one the consumer can commit nothing anywhere.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** What a read went through. */
    public record Summary(long recordsRead, long recordsInRange) {
    }

    /**
     * Hands every committed record of {@code topic} in {@code range} to {@code handler}, partition by partition in
     * offset order (partitions interleaved as polls return them).
     *
     * @throws IllegalArgumentException when the topic does not exist
     * @throws IllegalStateException    when a partition makes no progress for {@link #STALL_TIMEOUT}
     */
    public Summary read(String topic, TimeRange range, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        return read(topic, range, Optional.empty(), handler);
    }

    /**
     * Like {@link #read(String, TimeRange, Consumer)}, but each partition is read only up to its first record stamped
     * at or after {@code stopAt} (found through the timestamp index), so reading a short span of a busy topic such as
     * the frames does not go on to the topic's end. Records stamped before {@code stopAt} but written after that
     * record are not read: the caller chooses {@code stopAt} late enough for the lateness it expects.
     */
    public Summary read(String topic, TimeRange range, Instant stopAt, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        return read(topic, range, Optional.of(stopAt), handler);
    }

    /**
     * The time of the oldest record still retained in {@code topic} (over all partitions); empty when it holds none.
     * Tells "deleted by retention" apart from "never written" when a read finds nothing.
     */
    public Optional<Instant> oldestRetained(String topic) {
        List<TopicPartition> partitions = partitionsOf(topic);
        Map<TopicPartition, OffsetAndTimestamp> first = consumer.offsetsForTimes(timesFor(partitions, 0L),
                METADATA_TIMEOUT);
        return first.values().stream().filter(Objects::nonNull).map(OffsetAndTimestamp::timestamp).min(Long::compare)
                .map(Instant::ofEpochMilli);
    }

    private Summary read(String topic, TimeRange range, Optional<Instant> stopAt,
                         Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        Objects.requireNonNull(range, "range");
        List<TopicPartition> partitions = partitionsOf(topic);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, METADATA_TIMEOUT));
        if (stopAt.isPresent()) {
            Map<TopicPartition, OffsetAndTimestamp> stops = consumer.offsetsForTimes(
                    timesFor(partitions, stopAt.get().toEpochMilli()), METADATA_TIMEOUT);
            // null: no record at or after stopAt, so the end offset stands.
            stops.forEach((partition, at) -> {
                if (at != null) {
                    ends.merge(partition, at.offset(), Math::min);
                }
            });
        }
        Map<TopicPartition, Long> starts = startOffsets(partitions, range);
        Set<TopicPartition> open = new HashSet<>();
        for (TopicPartition partition : partitions) {
            if (starts.get(partition) < ends.get(partition)) {
                open.add(partition);
            }
        }
        log.debug("reading topic={} starts={} ends={}", topic, starts, ends);
        consumer.assign(open);
        open.forEach(partition -> consumer.seek(partition, starts.get(partition)));
        long read = 0;
        long inRange = 0;
        long lastProgress = System.nanoTime();
        while (!open.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= ends.get(partition)) {
                    continue; // written after the read began: not part of this answer
                }
                read++;
                lastProgress = System.nanoTime();
                if (range.contains(record.timestamp())) {
                    inRange++;
                    handler.accept(record);
                }
            }
            List<TopicPartition> done = new ArrayList<>();
            for (TopicPartition partition : open) {
                // The position also moves over transaction markers and aborted records, which poll never returns.
                if (consumer.position(partition) >= ends.get(partition)) {
                    done.add(partition);
                }
            }
            if (!done.isEmpty()) {
                done.forEach(open::remove);
                consumer.pause(done);
                lastProgress = System.nanoTime();
            }
            if (!open.isEmpty() && System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException("reading " + topic + " made no progress for " + STALL_TIMEOUT.toSeconds()
                        + " s; partitions not read to their end offsets: " + positions(open, ends));
            }
        }
        return new Summary(read, inRange);
    }

    private List<TopicPartition> partitionsOf(String topic) {
        Map<String, List<PartitionInfo>> topics = consumer.listTopics(METADATA_TIMEOUT);
        List<PartitionInfo> infos = topics.get(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic '" + topic + "' does not exist on the broker");
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private Map<TopicPartition, Long> startOffsets(List<TopicPartition> partitions, TimeRange range) {
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, METADATA_TIMEOUT);
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(
                timesFor(partitions, range.from().toEpochMilli()), METADATA_TIMEOUT);
        Map<TopicPartition, Long> starts = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = found.get(partition);
            // null: no record at or after the start, so the partition has nothing in range; Long.MAX_VALUE closes it.
            starts.put(partition, at == null ? Long.MAX_VALUE : Math.max(at.offset(), beginnings.get(partition)));
        }
        return starts;
    }

    private static Map<TopicPartition, Long> timesFor(List<TopicPartition> partitions, long epochMillis) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, epochMillis));
        return query;
    }

    private String positions(Set<TopicPartition> open, Map<TopicPartition, Long> ends) {
        List<String> lines = new ArrayList<>();
        for (TopicPartition partition : open) {
            lines.add(partition + " at " + consumer.position(partition) + " of " + ends.get(partition));
        }
        return String.join(", ", lines);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
