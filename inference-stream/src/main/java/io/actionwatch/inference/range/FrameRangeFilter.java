package io.actionwatch.inference.range;

import io.actionwatch.inference.metrics.PipelineSensors;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * First processor of a bounded topology (a replay): passes on the raw frame records its {@link FrameRange} accepts
 * and drops the rest before anything is decoded, counting them ({@link PipelineSensors#FRAMES_OUTSIDE_RANGE}). Frames
 * outside the range
 * are not faults, so they never become dead letters.
 */
public final class FrameRangeFilter implements Processor<byte[], byte[], byte[], byte[]> {

    private final FrameRange range;
    private ProcessorContext<byte[], byte[]> context;
    private PipelineSensors sensors;

    public FrameRangeFilter(FrameRange range) {
        this.range = range;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.sensors = new PipelineSensors(context.metrics(), context.taskId().toString());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Optional<RecordMetadata> source = context.recordMetadata();
        int partition = source.map(RecordMetadata::partition).orElse(-1);
        long offset = source.map(RecordMetadata::offset).orElse(-1L);
        String camera = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (range.accepts(camera, record.timestamp(), partition, offset)) {
            context.forward(record);
        } else {
            sensors.count(PipelineSensors.FRAMES_OUTSIDE_RANGE);
        }
    }

    @Override
    public void close() {
        if (sensors != null) {
            sensors.close();
        }
    }
}
