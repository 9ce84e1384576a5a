package io.actionwatch.inference.window;

import io.actionwatch.inference.batch.ClipBatcher;
import io.actionwatch.inference.batch.ClipQueue;
import io.actionwatch.inference.event.ActionEventFactory;
import io.actionwatch.inference.frame.ValidFrame;
import io.actionwatch.inference.intake.DeadLetterSender;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.model.ClipClassifier;
import io.actionwatch.inference.preprocess.PixelSlicePool;
import io.actionwatch.inference.schedule.ClipScheduler;
import io.actionwatch.inference.schedule.StaleEpochException;
import io.actionwatch.inference.state.ClipStreamStore;
import io.actionwatch.inference.state.FrameRestorer;
import io.actionwatch.schemas.ActionEvent;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds clips per camera from validated frames and emits one {@link ActionEvent} per clip, as a Kafka Streams
 * processor. It only wires the parts up for each task incarnation: the task's stores, wall-clock punctuators for
 * batching and idle eviction, the forwarding of events, and the dead letters of frames of a stale epoch (a camera's
 * older run, which only this processor can tell from the camera's state). The parts, one job each:
 * <ul>
 * <li>{@link ClipAssembler}: frames into clips, per stream;</li>
 * <li>{@link ClipScheduler}: when a clip is ready, must wait or is skipped;</li>
 * <li>{@link io.actionwatch.inference.fill.FilledClip}: gap filling and ground truth;</li>
 * <li>{@link ClipQueue}: batches for the model, in clip order per stream, and their metrics;</li>
 * <li>{@link ClipResolver}: events out, then the cursor moves (the exactly-once argument);</li>
 * <li>{@link StreamLifecycle}: streams started, restarted and evicted;</li>
 * <li>{@link ClipStreamStore}: the changelogged stores and what memory holds of them.</li>
 * </ul>
 */
public final class ClipAssemblerProcessor implements Processor<String, ValidFrame, Object, Object> {

    private final ClipAssemblySettings settings;
    private final ClipClassifier classifier;
    private final ActionEventFactory events;
    private final PixelSlicePool pool;
    private final Supplier<FrameRestorer> restorers;
    private final String frameStoreName;
    private final String cursorStoreName;
    private final String actionsChild;
    private final String deadLetterChild;
    private final List<Cancellable> punctuators = new ArrayList<>();

    private ProcessorContext<Object, Object> context;
    private PipelineSensors sensors;
    private DeadLetterSender deadLetters;
    private ClipStreamStore store;
    private ClipAssembler assembler;

    /**
     * @param actionsChild    name of the actions sink
     * @param deadLetterChild name of the dead-letter sink
     */
    public ClipAssemblerProcessor(ClipAssemblySettings settings, ClipClassifier classifier, ActionEventFactory events,
                                  PixelSlicePool pool, Supplier<FrameRestorer> restorers, String frameStoreName,
                                  String cursorStoreName, String actionsChild, String deadLetterChild) {
        this.settings = settings;
        this.classifier = classifier;
        this.events = events;
        this.pool = pool;
        this.restorers = restorers;
        this.frameStoreName = frameStoreName;
        this.cursorStoreName = cursorStoreName;
        this.actionsChild = actionsChild;
        this.deadLetterChild = deadLetterChild;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        // A revived task reuses this instance: drop whatever the previous incarnation held in memory.
        if (assembler != null) {
            assembler.release();
        }
        String taskId = context.taskId().toString();
        this.sensors = new PipelineSensors(context.metrics(), taskId);
        this.deadLetters = new DeadLetterSender(context, sensors, deadLetterChild);
        this.store = new ClipStreamStore(context.getStateStore(frameStoreName), context.getStateStore(cursorStoreName),
                restorers.get(), pool, sensors);
        ClipScheduler scheduler = new ClipScheduler(settings.geometry(), settings.reorderGraceFrames(),
                settings.maxMissingFrames(), settings.restartGapFrames(), settings.streamStart());
        ClipResolver resolver = new ClipResolver(settings.geometry(), store, events, sensors, this::forward,
                context::currentSystemTimeMs);
        ClipQueue queue = new ClipQueue(new ClipBatcher<>(classifier, settings.batchMaxClips(),
                settings.batchMaxWait().toMillis()), sensors, resolver);
        StreamLifecycle lifecycle = new StreamLifecycle(store, scheduler, queue, sensors,
                settings.cameraIdleTimeout().toMillis(), taskId);
        this.assembler = new ClipAssembler(scheduler, store, lifecycle, queue, pool, sensors, taskId);
        long batchTick = Math.max(1, Math.min(settings.batchMaxWait().toMillis(), 1_000) / 2);
        punctuators.add(context.schedule(Duration.ofMillis(batchTick), PunctuationType.WALL_CLOCK_TIME,
                assembler::onBatchTick));
        long idleTick = Math.max(100, Math.min(settings.cameraIdleTimeout().toMillis() / 4, 60_000));
        punctuators.add(context.schedule(Duration.ofMillis(idleTick), PunctuationType.WALL_CLOCK_TIME,
                lifecycle::evictIdle));
    }

    @Override
    public void process(Record<String, ValidFrame> record) {
        try {
            assembler.accept(record.value(), context.currentSystemTimeMs());
        } catch (StaleEpochException e) {
            deadLetters.sendStale(record.value(), record.timestamp(), e);
        }
    }

    private void forward(String streamKey, ActionEvent event, long timestampMillis) {
        context.forward(new Record<Object, Object>(streamKey, event, timestampMillis), actionsChild);
    }

    @Override
    public void close() {
        punctuators.forEach(Cancellable::cancel);
        punctuators.clear();
        if (assembler != null) {
            assembler.close();
        }
        if (sensors != null) {
            sensors.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
