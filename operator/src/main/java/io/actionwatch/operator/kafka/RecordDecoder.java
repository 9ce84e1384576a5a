package io.actionwatch.operator.kafka;

import io.actionwatch.serde.PayloadErrorKind;
import io.actionwatch.serde.PayloadException;
import io.actionwatch.text.UntrustedText;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw records into values with the project's registry serde, the way the live sink does: a record that cannot
 * be read (not the wire format, unknown schema id, no value...) is reported at WARN with its coordinates and reason,
 * counted, and skipped, as the sink would dead-letter it and go on. An unreachable registry is not the record's fault
 * and ends the tool with an error instead, since every later record would be skipped for the same reason.
 */
public final class RecordDecoder<T> {

    private static final Logger log = LoggerFactory.getLogger(RecordDecoder.class);

    private final Deserializer<T> deserializer;
    private long unreadable;
    private String firstReason;

    public RecordDecoder(Deserializer<T> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    }

    /** The record's value, or empty when it cannot be read (reported and counted). */
    public Optional<T> decode(ConsumerRecord<byte[], byte[]> record) {
        String reason;
        try {
            T value = deserializer.deserialize(record.topic(), record.headers(), record.value());
            if (value != null) {
                return Optional.of(value);
            }
            reason = "EMPTY_PAYLOAD: record has no value";
        } catch (PayloadException e) {
            if (e.kind() == PayloadErrorKind.REGISTRY_UNAVAILABLE) {
                throw new IllegalStateException("the schema registry is unreachable, so no record can be read: "
                        + e.getMessage(), e);
            }
            reason = e.kind() + ": " + e.getMessage();
        } catch (SerializationException e) {
            // Not one of the serde's own messages: it may quote anything of the payload.
            reason = PayloadErrorKind.UNREADABLE_PAYLOAD + ": " + UntrustedText.excerpt(String.valueOf(e.getMessage()));
        }
        unreadable++;
        if (firstReason == null) {
            firstReason = reason;
        }
        log.warn("unreadable record skipped topic={} partition={} offset={} reason={}", record.topic(),
                record.partition(), record.offset(), reason);
        return Optional.empty();
    }

    /** Records that could not be read so far. */
    public long unreadable() {
        return unreadable;
    }

    /** The reason of the first unreadable record, for the summary line; empty when all were read. */
    public Optional<String> firstReason() {
        return Optional.ofNullable(firstReason);
    }
}
