package io.actionwatch.inference.person;

import io.actionwatch.metrics.MetricNames;
import io.actionwatch.inference.event.ActionEventFactory;
import io.actionwatch.inference.frame.ValidFrame;
import io.actionwatch.inference.intake.DeadLetterSender;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.schedule.RunChange;
import io.actionwatch.inference.schedule.StaleEpochException;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.text.UntrustedText;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * The Kafka Streams processor of a per-person model: each sampled frame's people go through the camera's
 * {@link PersonClipBuilder}; the person clips it completes are classified at once and one {@link ActionEvent} per
 * clip and person is forwarded; then the camera's state is written to the changelogged person store. Events and
 * state change in the same transaction under exactly-once, so a crash re-emits a frame's clips from the state of the
 * previous commit: never lost, never doubled (event ids are deterministic besides).
 *
 * <p>Clips are classified synchronously, frame by frame: a sampled frame completes at most one clip per person in
 * view (six at most), which the model takes as one batch.
 *
 * <p>Every frame, sampled or not, is first {@link PersonClipBuilder#admit admitted} to its camera's run: a newer epoch
 * drops the camera's state (counted as {@code camera-restarts}), an older one becomes a {@code STALE_EPOCH} dead letter
 * and changes nothing. Unsampled frames carry nothing else into the state.
 */
public final class PersonClipProcessor implements Processor<String, ValidFrame, Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(PersonClipProcessor.class);

    private final PersonClipBuilder builder;
    private final Supplier<PersonClipClassifier> classifiers;
    private final ActionEventFactory events;
    private final String storeName;
    private final String actionsChild;
    private final String deadLetterChild;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PersonCameraState> store;
    private PersonClipClassifier classifier;
    private PipelineSensors sensors;
    private DeadLetterSender deadLetters;

    /**
     * @param classifiers     one per task: the skeleton renderer it holds is single-threaded
     * @param actionsChild    name of the actions sink
     * @param deadLetterChild name of the dead-letter sink
     */
    public PersonClipProcessor(PersonClipBuilder builder, Supplier<PersonClipClassifier> classifiers,
                               ActionEventFactory events, String storeName, String actionsChild,
                               String deadLetterChild) {
        this.builder = builder;
        this.classifiers = classifiers;
        this.events = events;
        this.storeName = storeName;
        this.actionsChild = actionsChild;
        this.deadLetterChild = deadLetterChild;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.classifier = classifiers.get();
        this.sensors = new PipelineSensors(context.metrics(), context.taskId().toString());
        this.deadLetters = new DeadLetterSender(context, sensors, deadLetterChild);
    }

    @Override
    public void process(Record<String, ValidFrame> record) {
        ValidFrame valid = record.value();
        VideoFrame frame = valid.frame();
        String camera = frame.getCameraId();
        PersonCameraState stored = store.get(camera);
        PersonCameraState state = stored != null ? stored : new PersonCameraState(frame.getEpoch());
        long previousEpoch = state.epoch();
        RunChange change;
        try {
            change = builder.admit(state, frame.getEpoch(), frame.getSequence());
        } catch (StaleEpochException e) {
            deadLetters.sendStale(valid, record.timestamp(), e);
            return;
        }
        if (change == RunChange.RESTARTED) {
            log.info("camera restarted camera={} epoch={} seq={} previousEpoch={}", UntrustedText.excerpt(camera),
                    frame.getEpoch(), frame.getSequence(), previousEpoch);
            sensors.count(PipelineSensors.CAMERA_RESTARTS);
        }
        List<?> people = valid.people();
        if (people == null) {
            // Not a sampled frame: intake only checked its header. It changed the state only if it restarted it.
            if (change == RunChange.RESTARTED) {
                store.put(camera, state);
            }
            return;
        }
        sensors.count(PipelineSensors.PEOPLE_DETECTED, people.size());
        List<PersonClip> clips = builder.accept(state, camera, frame.getSequence(),
                frame.getCaptureTime().toEpochMilli(), frame.getMetadata(), valid.people());
        if (!clips.isEmpty()) {
            long started = System.nanoTime();
            float[][] logits = classifier.classify(clips, frame.getWidth(), frame.getHeight());
            float millis = (System.nanoTime() - started) / 1e6f;
            sensors.duration(PipelineSensors.INFERENCE_MILLIS, millis);
            sensors.count(PipelineSensors.PERSON_CLIPS, clips.size());
            long now = context.currentSystemTimeMs();
            for (int i = 0; i < clips.size(); i++) {
                PersonClip clip = clips.get(i);
                ActionEvent event = events.create(clip.summary(), clip.person(), logits[i], now, millis,
                        clips.size());
                context.forward(new Record<Object, Object>(camera, event, record.timestamp()), actionsChild);
                sensors.count(MetricNames.EVENTS_EMITTED);
            }
        }
        store.put(camera, state);
    }

    @Override
    public void close() {
        if (sensors != null) {
            sensors.close();
        }
    }
}
