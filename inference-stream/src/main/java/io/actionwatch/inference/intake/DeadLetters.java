package io.actionwatch.inference.intake;

import io.actionwatch.schemas.DeadLetter;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

/** Builds {@link DeadLetter}s that keep the original key and payload bytes untouched, with where they came from. */
public final class DeadLetters {

    private final String application;

    public DeadLetters(String application) {
        this.application = application;
    }

    public DeadLetter of(Optional<RecordMetadata> source, byte[] key, byte[] payload, String errorKind,
                         String errorMessage, long nowMillis) {
        return DeadLetter.newBuilder()
                .setSourceTopic(source.map(RecordMetadata::topic).orElse("unknown"))
                .setSourcePartition(source.map(RecordMetadata::partition).orElse(-1))
                .setSourceOffset(source.map(RecordMetadata::offset).orElse(-1L))
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setErrorKind(errorKind)
                .setErrorMessage(errorMessage == null ? errorKind : errorMessage)
                .setFailedAt(Instant.ofEpochMilli(nowMillis))
                .setApplication(application)
                .build();
    }
}
