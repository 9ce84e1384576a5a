package io.actionwatch.inference.person;

import io.actionwatch.inference.event.ActionEventFactory;
import io.actionwatch.inference.frame.ValidFrame;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.VideoFrame;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

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
 */
public final class PersonClipProcessor implements Processor<String, ValidFrame, String, ActionEvent> {

    private final PersonClipBuilder builder;
    private final Supplier<PersonClipClassifier> classifiers;
    private final ActionEventFactory events;
    private final String storeName;

    private ProcessorContext<String, ActionEvent> context;
    private KeyValueStore<String, PersonCameraState> store;
    private PersonClipClassifier classifier;
    private PipelineSensors sensors;

    /**
     * @param classifiers one per task: the skeleton renderer it holds is single-threaded
     */
    public PersonClipProcessor(PersonClipBuilder builder, Supplier<PersonClipClassifier> classifiers,
                               ActionEventFactory events, String storeName) {
        this.builder = builder;
        this.classifiers = classifiers;
        this.events = events;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, ActionEvent> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.classifier = classifiers.get();
        this.sensors = new PipelineSensors(context.metrics(), context.taskId().toString());
    }

    @Override
    public void process(Record<String, ValidFrame> record) {
        ValidFrame valid = record.value();
        List<?> people = valid.people();
        if (people == null) {
            return; // not a sampled frame: intake only checked its header
        }
        VideoFrame frame = valid.frame();
        String camera = frame.getCameraId();
        PersonCameraState state = store.get(camera);
        if (state == null) {
            state = new PersonCameraState();
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
                context.forward(new Record<>(camera, event, record.timestamp()));
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
