package io.actionwatch.inference.app;

import io.actionwatch.inference.range.FrameRange;
import io.actionwatch.topics.Topics;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Objects;

/**
 * What a run of the inference topology is connected to: its Kafka Streams application id (which names its consumer
 * group, internal topics and state), the topics it reads and writes, and which frames it takes. The live service and
 * an operator's replay build the same topology ({@link ActionTopology#build}) and differ only here, the way Kafka's
 * own examples pass their input and output topics in.
 *
 * @param applicationId   Kafka Streams application id; a replay has its own, so the live one's offsets and state are
 *                        never touched
 * @param framesTopic     where frames are read
 * @param actionsTopic    where action events go
 * @param deadLetterTopic where frames that cannot be processed go (the dead letter names the application)
 * @param frames          which frames are processed: everything (live) or a bounded range (replay)
 */
public record StreamWiring(String applicationId, String framesTopic, String actionsTopic, String deadLetterTopic,
                           FrameRange frames) {

    /** The live service's application id when the configuration sets none. */
    public static final String LIVE_APPLICATION_ID = "actionwatch-inference";
    /** Every operator replay runs as its own application, {@code actionwatch-replay-<model>-<version>-<start>-<id>}. */
    public static final String REPLAY_APPLICATION_ID_PREFIX = "actionwatch-replay-";

    public StreamWiring {
        requireName(applicationId, "application id");
        requireName(framesTopic, "frames topic");
        requireName(actionsTopic, "actions topic");
        requireName(deadLetterTopic, "dead-letter topic");
        Objects.requireNonNull(frames, "frames");
        if (actionsTopic.equals(framesTopic) || deadLetterTopic.equals(framesTopic)) {
            throw new IllegalArgumentException("the topology writes into the topic it reads, " + framesTopic);
        }
    }

    /** Live processing: every frame of {@link Topics#FRAMES} to {@link Topics#ACTIONS}, under this application id. */
    public static StreamWiring live(String applicationId) {
        return new StreamWiring(applicationId, Topics.FRAMES, Topics.ACTIONS, Topics.DEAD_LETTERS,
                FrameRange.everything());
    }

    /** Live processing under the configuration's {@code application.id}, or {@link #LIVE_APPLICATION_ID}. */
    public static StreamWiring live(InferenceConfig config) {
        Object configured = config.kafkaOriginals().get(StreamsConfig.APPLICATION_ID_CONFIG);
        return live(configured == null ? LIVE_APPLICATION_ID : configured.toString().trim());
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
