package io.actionwatch.inference.intake;

import io.actionwatch.inference.frame.ValidFrame;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.schemas.DeadLetter;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * First processor after the frames source (raw bytes): valid frames go in memory to the clip assembler, anything
 * else becomes a {@link DeadLetter} on the dead-letter sink and processing continues. Dead letters are counted per
 * error kind ({@code dead-letter-<kind>-total}) and logged at WARN with camera key and source offset.
 */
public final class FrameIntakeProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(FrameIntakeProcessor.class);

    private final Supplier<FrameIntake> intakes;
    private final String framesChild;
    private final String deadLetterChild;
    private ProcessorContext<Object, Object> context;
    private FrameIntake intake;
    private DeadLetters deadLetters;
    private PipelineSensors sensors;

    /**
     * @param intakes         creates this task's intake (deserializer and decoder are per thread)
     * @param framesChild     name of the clip assembler processor
     * @param deadLetterChild name of the dead-letter sink
     */
    public FrameIntakeProcessor(Supplier<FrameIntake> intakes, String framesChild, String deadLetterChild) {
        this.intakes = intakes;
        this.framesChild = framesChild;
        this.deadLetterChild = deadLetterChild;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.intake = intakes.get();
        this.deadLetters = new DeadLetters(context.applicationId());
        this.sensors = new PipelineSensors(context.metrics(), context.taskId().toString());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ValidFrame frame;
        try {
            frame = intake.accept(record.key(), record.value(), record.headers());
        } catch (FrameRejectedException e) {
            deadLetter(record, e);
            return;
        }
        sensors.count("frames-accepted");
        context.forward(new Record<Object, Object>(frame.frame().getCameraId(), frame, record.timestamp(),
                record.headers()), framesChild);
    }

    private void deadLetter(Record<byte[], byte[]> record, FrameRejectedException e) {
        Optional<RecordMetadata> source = context.recordMetadata();
        String key = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        log.warn("dead letter kind={} key={} topic={} partition={} offset={} reason={}", e.errorKind(), key,
                source.map(RecordMetadata::topic).orElse("?"), source.map(RecordMetadata::partition).orElse(-1),
                source.map(RecordMetadata::offset).orElse(-1L), e.getMessage());
        sensors.count(PipelineSensors.deadLetterOperation(e.errorKind()));
        DeadLetter letter = deadLetters.of(source, record.key(), record.value(), e.errorKind(), e.getMessage(),
                context.currentSystemTimeMs());
        context.forward(new Record<Object, Object>(record.key(), letter, record.timestamp()), deadLetterChild);
    }

    @Override
    public void close() {
        if (sensors != null) {
            sensors.close();
        }
        if (intake != null) {
            intake.close();
        }
    }
}
