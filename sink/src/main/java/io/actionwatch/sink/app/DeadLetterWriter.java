package io.actionwatch.sink.app;

import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.sink.delivery.DeliveryDeadLetters;
import io.actionwatch.sink.delivery.DeliveryErrorKind;
import io.actionwatch.sink.delivery.WrittenAlert;
import io.actionwatch.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records on the dead-letter topic, with the original bytes and the reason: an unreadable input record, or an alert a
 * webhook did not get (pointing at the alert's record in alerts.v1, the reason naming the webhook).
 */
final class DeadLetterWriter implements DeliveryDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);

    private final Producer<byte[], byte[]> producer;
    private final Serializer<DeadLetter> serializer;
    private final String application;
    private final Clock clock;

    DeadLetterWriter(Producer<byte[], byte[]> producer, Serializer<DeadLetter> serializer, String application, Clock clock) {
        this.producer = producer;
        this.serializer = serializer;
        this.application = application;
        this.clock = clock;
    }

    /** Sends the dead letter; the returned future completes when the broker has acknowledged it. */
    Future<RecordMetadata> write(ConsumerRecord<byte[], byte[]> source, String errorKind, String errorMessage) {
        return write(source.topic(), source.partition(), source.offset(), source.key(), source.value(), errorKind,
                errorMessage);
    }

    /**
     * Sends the dead letter of an undelivered alert without waiting: the delivery thread that calls it has nothing to
     * commit, and a failed send is logged by the callback.
     */
    @Override
    public void write(WrittenAlert alert, String webhook, DeliveryErrorKind kind, String reason) {
        write(alert.topic(), alert.partition(), alert.offset(), alert.key(), alert.value(), kind.name(),
                "webhook " + webhook + ": " + reason);
    }

    private Future<RecordMetadata> write(String topic, int partition, long offset, byte[] key, byte[] payload,
                                         String errorKind, String errorMessage) {
        log.warn("dead letter topic={} partition={} offset={} kind={} reason={}",
                topic, partition, offset, errorKind, errorMessage);
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setErrorKind(errorKind)
                .setErrorMessage(errorMessage)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setFailedAt(clock.instant())
                .setApplication(application)
                .build();
        byte[] value = serializer.serialize(Topics.DEAD_LETTERS, letter);
        return producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, key, value), (metadata, error) -> {
            if (error != null) {
                log.error("dead letter not written source={}-{}@{} kind={}", topic, partition, offset, errorKind, error);
            }
        });
    }
}
