package io.actionwatch.inference.intake;

import io.actionwatch.metrics.MetricNames;
import io.actionwatch.inference.frame.ValidFrame;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.schemas.DeadLetter;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.function.Supplier;

/**
 * First processor after the frames source (raw bytes): valid frames go in memory to the clip assembler, anything
 * else becomes a {@link DeadLetter} on the dead-letter sink ({@link DeadLetterSender}) and processing continues.
 */
public final class FrameIntakeProcessor implements Processor<byte[], byte[], Object, Object> {

    private final Supplier<FrameIntake> intakes;
    private final String framesChild;
    private final String deadLetterChild;
    private ProcessorContext<Object, Object> context;
    private FrameIntake intake;
    private PipelineSensors sensors;
    private DeadLetterSender deadLetters;

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
        this.sensors = new PipelineSensors(context.metrics(), context.taskId().toString());
        this.deadLetters = new DeadLetterSender(context, sensors, deadLetterChild);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ValidFrame frame;
        try {
            frame = intake.accept(record.key(), record.value(), record.headers(), record.timestamp());
        } catch (FrameRejectedException e) {
            deadLetters.send(record.key(), record.value(), record.timestamp(), e.errorKind(), e.getMessage());
            return;
        }
        sensors.count(MetricNames.FRAMES_ACCEPTED);
        context.forward(new Record<Object, Object>(frame.frame().getCameraId(), frame, record.timestamp(),
                record.headers()), framesChild);
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
