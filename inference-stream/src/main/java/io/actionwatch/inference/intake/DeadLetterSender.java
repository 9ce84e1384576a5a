package io.actionwatch.inference.intake;

import io.actionwatch.inference.frame.ValidFrame;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.schedule.StaleEpochException;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.serde.PayloadErrorKind;
import io.actionwatch.text.UntrustedText;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the frame a processor is working on into a {@link DeadLetter} on the dead-letter sink: the original key and
 * payload bytes with where they came from (the record being processed), counted per error kind
 * ({@code dead-letters-total}, tagged {@code kind}) and logged at WARN. Every processor that refuses frames (intake, and the clip
 * processors for frames of a stale epoch) sends them this one way. One per processor instance.
 */
public final class DeadLetterSender {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterSender.class);

    private final ProcessorContext<Object, Object> context;
    private final PipelineSensors sensors;
    private final String deadLetterChild;
    private final DeadLetters deadLetters;

    /**
     * @param deadLetterChild name of the dead-letter sink, a child of the processor that owns {@code context}
     */
    public DeadLetterSender(ProcessorContext<Object, Object> context, PipelineSensors sensors,
                            String deadLetterChild) {
        this.context = context;
        this.sensors = sensors;
        this.deadLetterChild = deadLetterChild;
        this.deadLetters = new DeadLetters(context.applicationId());
        List<String> kinds = new ArrayList<>();
        for (RejectionKind kind : RejectionKind.values()) {
            kinds.add(kind.name());
        }
        for (PayloadErrorKind kind : PayloadErrorKind.values()) {
            kinds.add(kind.name());
        }
        sensors.declareDeadLetterKinds(kinds);
    }

    /**
     * @param key       the record key exactly as read (null when it had none)
     * @param payload   the record value exactly as read
     * @param kind      the dead letter's errorKind: a {@link RejectionKind} or a serde's own kind
     * @param reason    why, for people; record strings in it must already be excerpts ({@link UntrustedText})
     */
    public void send(byte[] key, byte[] payload, long timestamp, String kind, String reason) {
        Optional<RecordMetadata> source = context.recordMetadata();
        log.warn("dead letter kind={} key={} topic={} partition={} offset={} reason={}", kind,
                key == null ? null : UntrustedText.excerpt(new String(key, StandardCharsets.UTF_8)),
                source.map(RecordMetadata::topic).orElse("?"), source.map(RecordMetadata::partition).orElse(-1),
                source.map(RecordMetadata::offset).orElse(-1L), reason);
        sensors.countDeadLetter(kind);
        DeadLetter letter = deadLetters.of(source, key, payload, kind, reason, context.currentSystemTimeMs());
        context.forward(new Record<Object, Object>(key, letter, timestamp), deadLetterChild);
    }

    /**
     * A frame a clip processor refuses because it belongs to an older run of its camera ({@code STALE_EPOCH}). Its key
     * is its camera id: intake refuses frames whose key is anything else.
     */
    public void sendStale(ValidFrame frame, long timestamp, StaleEpochException e) {
        send(frame.frame().getCameraId().getBytes(StandardCharsets.UTF_8), frame.encoded(), timestamp,
                RejectionKind.STALE_EPOCH.name(), e.getMessage());
    }
}
