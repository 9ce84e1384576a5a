package io.actionwatch.sink.app;

import io.actionwatch.schemas.DeadLetter;
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

/** Records an unreadable input record on the dead-letter topic, with its original bytes and the reason. */
final class DeadLetterWriter {

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
        log.warn("dead letter topic={} partition={} offset={} kind={} reason={}",
                source.topic(), source.partition(), source.offset(), errorKind, errorMessage);
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
                .setErrorKind(errorKind)
                .setErrorMessage(errorMessage)
                .setPayload(source.value() == null ? null : ByteBuffer.wrap(source.value()))
                .setFailedAt(clock.instant())
                .setApplication(application)
                .build();
        byte[] value = serializer.serialize(Topics.DEAD_LETTERS, letter);
        return producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, source.key(), value), (metadata, error) -> {
            if (error != null) {
                log.error("dead letter not written source={}-{}@{}", source.topic(), source.partition(), source.offset(), error);
            }
        });
    }
}
