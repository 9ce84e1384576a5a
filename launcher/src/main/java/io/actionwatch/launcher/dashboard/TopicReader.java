package io.actionwatch.launcher.dashboard;

import io.actionwatch.config.ClientSettings;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.text.UntrustedText;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Follows {@link Topics#FRAMES}, {@link Topics#ACTIONS} and {@link Topics#ALERTS} into a {@link DashboardState}, on
 * its own thread. No consumer group: the dashboard only watches, so it must not take partitions from, or commit
 * offsets for, anything else; it starts a little before the end of each partition so the page is not empty at first.
 */
final class TopicReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicReader.class);
    /** Records re-read per partition at start: frames just enough for a picture, events and alerts a strip's worth. */
    static final long FRAMES_BACKLOG = 2;
    static final long EVENTS_BACKLOG = DashboardState.RECENT_LABELS * 2L;
    static final long ALERTS_BACKLOG = DashboardState.ALERTS_KEPT;
    static final long SKIPPED_LOG_EVERY = 1000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Serde<VideoFrame> frames;
    private final Serde<ActionEvent> events;
    private final Serde<Alert> alerts;
    private final DashboardState state;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    /** Records that could not be read; only the reader thread touches it. */
    private long skipped;

    /** {@code client}: bootstrap servers, registry URL and any security settings. */
    TopicReader(Map<String, Object> client, DashboardState state, Clock clock) {
        this.frames = AvroSerdes.specific(VideoFrame.class, client, false);
        this.events = AvroSerdes.specific(ActionEvent.class, client, false);
        this.alerts = AvroSerdes.specific(Alert.class, client, false);
        this.consumer = new KafkaConsumer<>(consumerConfig(client, "actionwatch-dashboard"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.state = state;
        this.clock = clock;
        this.thread = new Thread(this::run, "dashboard-topic-reader");
        this.thread.setDaemon(true);
    }

    /** Plain reader settings shared with the evidence reader: no group, only committed records. */
    static Map<String, Object> consumerConfig(Map<String, Object> client, String clientId) {
        Map<String, Object> config = ClientSettings.select(client, ConsumerConfig.configNames());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Frames are up to Topics.MAX_FRAME_RECORD_BYTES each; one must always fit a fetch.
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_FRAME_RECORD_BYTES + 64 * 1024);
        return config;
    }

    void start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.FRAMES, Topics.ACTIONS, Topics.ALERTS)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("the dashboard found no topic " + topic + " on the broker");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            long backlog = switch (partition.topic()) {
                case Topics.FRAMES -> FRAMES_BACKLOG;
                case Topics.ACTIONS -> EVENTS_BACKLOG;
                default -> ALERTS_BACKLOG;
            };
            consumer.seek(partition, Math.max(0, ends.get(partition) - backlog));
        }
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll: the normal way out.
        } catch (RuntimeException e) {
            log.error("the dashboard stopped reading the topics: {}", e.toString(), e);
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            switch (record.topic()) {
                case Topics.FRAMES -> state.frame(frames.deserializer().deserialize(record.topic(), record.value()));
                case Topics.ACTIONS -> state.event(
                        events.deserializer().deserialize(record.topic(), record.value()), clock.millis());
                case Topics.ALERTS -> state.alert(alerts.deserializer().deserialize(record.topic(), record.value()));
                default -> throw new IllegalStateException("not assigned: " + record.topic());
            }
        } catch (RuntimeException unreadable) {
            // The stream application dead-letters unreadable frames; the dashboard only shows what it can read. A
            // producer writing nothing but garbage must not flood the log: the first and every 1000th are logged.
            skipped++;
            if (skipped % SKIPPED_LOG_EVERY == 1) {
                log.warn("dashboard skipped unreadable record {}-{}@{} ({} skipped so far): {}", record.topic(),
                        record.partition(), record.offset(), skipped, UntrustedText.excerpt(unreadable.toString()));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        frames.close();
        events.close();
        alerts.close();
    }
}
