package io.actionwatch.operator.replay;

import io.actionwatch.inference.app.StreamWiring;

import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.topics.Topics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The names a replay gives Kafka, declared once: its default output topic, derived from the model's name and version
 * so that each model version's replays land beside each other and never in {@link Topics#ACTIONS}, and its
 * application id, new for every replay so that the live application's offsets and state are never touched.
 */
public final class ReplayNames {

    /** Default output topic: {@code actions.replay.<model name>-<model version>.v1}. */
    public static final String OUTPUT_TOPIC_PREFIX = Topics.REPLAY_ACTIONS_PREFIX;
    /** The ActionEvent contract version the replay topics carry, as {@link Topics#ACTIONS} does. */
    public static final String OUTPUT_TOPIC_SUFFIX = ".v1";
    /** Application ids: {@code actionwatch-replay-<model>-<version>-<UTC start>-<random>}. */
    public static final String APPLICATION_ID_PREFIX = StreamWiring.REPLAY_APPLICATION_ID_PREFIX;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private ReplayNames() {
    }

    public static String defaultOutputTopic(ModelCard card) {
        return OUTPUT_TOPIC_PREFIX + legal(card.name()) + "-" + legal(card.version()) + OUTPUT_TOPIC_SUFFIX;
    }

    public static String applicationId(ModelCard card, Instant started) {
        return APPLICATION_ID_PREFIX + legal(card.name()) + "-" + legal(card.version()) + "-" + STAMP.format(started)
                + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Kafka allows ASCII letters, digits, '.', '_' and '-' in topic names and application ids. */
    private static String legal(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }
}
