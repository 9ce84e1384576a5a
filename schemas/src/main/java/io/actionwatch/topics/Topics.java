package io.actionwatch.topics;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.VideoFrame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The pipeline's topics: names (versioned, so an incompatible change gets a new topic rather than breaking readers)
 * and how each is created. Every producer, consumer and test takes names from here.
 */
public final class Topics {

    public static final String FRAMES = "frames.v1";
    public static final String ACTIONS = "actions.v1";
    public static final String DEAD_LETTERS = "dlq.v1";
    public static final String ALERTS = "alerts.v1";
    /** Replays of frames through a model write {@code actions.replay.<model>-<version>.v1}, with actions.v1's contract. */
    public static final String REPLAY_ACTIONS_PREFIX = "actions.replay.";

    /**
     * Largest frame record accepted (8 MiB): a 4K JPEG at high quality fits with room to spare. Producers,
     * brokers and the stream application's own producer use the same bound, so an oversize frame fails at the
     * edge with a clear error instead of somewhere in the middle.
     */
    public static final int MAX_FRAME_RECORD_BYTES = 8 * 1024 * 1024;

    /** Frames are kept long enough to replay a day through a new model version. */
    public static final Duration FRAMES_RETENTION = Duration.ofDays(1);
    /** Actions and alerts are the system's record of what happened: kept much longer than frames. */
    public static final Duration EVENTS_RETENTION = Duration.ofDays(30);
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    private Topics() {
    }

    /**
     * The value schema of each pipeline topic: what a secured deployment registers at provisioning, since its
     * services may only look schemas up.
     */
    public static Map<String, Schema> valueSchemas() {
        return Map.of(FRAMES, VideoFrame.getClassSchema(), ACTIONS, ActionEvent.getClassSchema(),
                DEAD_LETTERS, DeadLetter.getClassSchema(), ALERTS, Alert.getClassSchema());
    }

    /**
     * The topics with their configs. Action and dead-letter topics get the same partition count as frames so a
     * camera's events stay in one partition, in order, beside its frames.
     */
    public static List<TopicSpec> all(int partitions, short replicationFactor) {
        String minIsr = Integer.toString(Math.max(1, replicationFactor - 1));
        return List.of(
                new TopicSpec(FRAMES, partitions, replicationFactor, Map.of(
                        "max.message.bytes", Integer.toString(MAX_FRAME_RECORD_BYTES),
                        "retention.ms", Long.toString(FRAMES_RETENTION.toMillis()),
                        "min.insync.replicas", minIsr,
                        // JPEG payloads do not compress; keep whatever the producer sent.
                        "compression.type", "producer")),
                new TopicSpec(ACTIONS, partitions, replicationFactor, Map.of(
                        "retention.ms", Long.toString(EVENTS_RETENTION.toMillis()),
                        "min.insync.replicas", minIsr)),
                new TopicSpec(DEAD_LETTERS, partitions, replicationFactor, Map.of(
                        // A dead letter carries the original payload, so it must fit a whole frame.
                        "max.message.bytes", Integer.toString(MAX_FRAME_RECORD_BYTES + 64 * 1024),
                        "retention.ms", Long.toString(DEAD_LETTER_RETENTION.toMillis()),
                        "min.insync.replicas", minIsr)),
                new TopicSpec(ALERTS, partitions, replicationFactor, Map.of(
                        "retention.ms", Long.toString(EVENTS_RETENTION.toMillis()),
                        "min.insync.replicas", minIsr)));
    }
}
