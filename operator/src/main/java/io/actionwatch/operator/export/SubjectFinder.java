package io.actionwatch.operator.export;

import io.actionwatch.operator.connect.Connection;
import io.actionwatch.operator.kafka.RecordDecoder;
import io.actionwatch.operator.kafka.TopicRangeReader;
import io.actionwatch.operator.range.TimeRange;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.serde.AvroSerdes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Finds the event or alert an operator named by id, by reading its topic over a time range (without a consumer group,
 * see {@link TopicRangeReader}); the first record with the id wins, since a redelivered event or alert is the same
 * record again.
 */
final class SubjectFinder {

    private static final String CLIENT_ID = "actionwatch-operator-export-clip";

    private final Connection connection;

    SubjectFinder(Connection connection) {
        this.connection = connection;
    }

    /**
     * @throws IllegalArgumentException when no event with the id is in {@code topic} over {@code range}, saying what
     *                                  was searched
     */
    ActionEvent event(String eventId, String topic, TimeRange range) {
        return find(ActionEvent.class, topic, range, event -> event.getEventId(), eventId)
                .orElseThrow(() -> notFound("event", eventId, topic, range));
    }

    /** @throws IllegalArgumentException when no alert with the id is in {@code topic} over {@code range} */
    Alert alert(String alertId, String topic, TimeRange range) {
        return find(Alert.class, topic, range, alert -> alert.getAlertId(), alertId)
                .orElseThrow(() -> notFound("alert", alertId, topic, range));
    }

    /**
     * The event an alert names, looked up where it must be if it is there: an event's record time is its clip's end,
     * which the alert copies, so the read spans one millisecond of {@code topic}. Empty when it is not there (an
     * alert replayed from another events topic, or an event past its retention).
     */
    Optional<ActionEvent> eventOf(Alert alert, String topic) {
        TimeRange atClipEnd = new TimeRange(alert.getClipEndTime(),
                Optional.of(alert.getClipEndTime().plus(Duration.ofMillis(1))));
        return find(ActionEvent.class, topic, atClipEnd, event -> event.getEventId(),
                alert.getEventId());
    }

    private <T extends SpecificRecord> Optional<T> find(Class<T> type, String topic, TimeRange range,
                                                        Function<T, String> id, String wanted) {
        AtomicReference<T> found = new AtomicReference<>();
        try (Serde<T> serde = AvroSerdes.specific(type, connection.serdeConfig(), false);
             TopicRangeReader reader = new TopicRangeReader(connection.client(), CLIENT_ID)) {
            RecordDecoder<T> decoder = new RecordDecoder<>(serde.deserializer());
            reader.read(topic, range, record -> {
                if (found.get() == null) {
                    decoder.decode(record).filter(value -> wanted.equals(id.apply(value))).ifPresent(found::set);
                }
            });
        }
        return Optional.ofNullable(found.get());
    }

    private static IllegalArgumentException notFound(String what, String id, String topic, TimeRange range) {
        return new IllegalArgumentException("no " + what + " with id '" + id + "' in " + topic + " over "
                + range.describe() + " (record time; widen --from/--to/--last, or name the topic with --topic)");
    }
}
