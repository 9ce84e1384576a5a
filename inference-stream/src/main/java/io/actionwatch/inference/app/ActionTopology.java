package io.actionwatch.inference.app;

import io.actionwatch.inference.event.ActionEventFactory;
import io.actionwatch.inference.intake.FrameIntake;
import io.actionwatch.inference.intake.FrameIntakeProcessor;
import io.actionwatch.inference.model.ClipClassifier;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.person.PersonCameraStateSerde;
import io.actionwatch.inference.person.PersonClipBuilder;
import io.actionwatch.inference.person.PersonClipClassifier;
import io.actionwatch.inference.person.PersonClipProcessor;
import io.actionwatch.inference.pose.PoseEstimator;
import io.actionwatch.inference.pose.PoseModel;
import io.actionwatch.inference.preprocess.FramePreprocessor;
import io.actionwatch.inference.preprocess.FrameTensorizer;
import io.actionwatch.inference.preprocess.ImageDecoder;
import io.actionwatch.inference.preprocess.PixelSlicePool;
import io.actionwatch.inference.range.FrameRange;
import io.actionwatch.inference.range.FrameRangeFilter;
import io.actionwatch.inference.schedule.ClipScheduler;
import io.actionwatch.inference.schedule.StreamStart;
import io.actionwatch.inference.state.ClipCursorSerde;
import io.actionwatch.inference.state.FrameRestorer;
import io.actionwatch.inference.tracking.PersonTracker;
import io.actionwatch.inference.tracking.TrackerSettings;
import io.actionwatch.inference.window.ClipAssemblerProcessor;
import io.actionwatch.inference.window.ClipAssemblySettings;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.topics.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The inference topology, built in one place ({@link #build}) for the live application, operators' replays and the
 * tests; the topics, the application id and the frames taken are its {@link StreamWiring}:
 * <pre>
 * frames.v1 (bytes) → frame-intake ──valid──→ clip-assembler [clip-frames, camera-cursors] → actions.v1
 *                                  └─invalid─→ dlq.v1 ←──── stale epoch ─┘
 * </pre>
 * For a per-person model (its card's mode), intake also runs the pose model on each sampled frame and the clips are
 * made per tracked person instead:
 * <pre>
 * frames.v1 (bytes) → frame-intake [pose] ──valid──→ person-clips [person-tracks] → actions.v1
 *                                          └─invalid─→ dlq.v1 ←── stale epoch ─┘
 * </pre>
 * A bounded wiring (a replay) puts {@value #RANGE_FILTER} between the source and intake. The source reads raw bytes so that a record the registry serde cannot read becomes a dead letter instead of a
 * deserialization failure of the whole task.
 */
public final class ActionTopology {

    public static final String SOURCE = "frames-source";
    /** Only in a bounded topology (a replay): drops frames outside its range before intake. */
    public static final String RANGE_FILTER = "frame-range-filter";
    public static final String INTAKE = "frame-intake";
    public static final String ASSEMBLER = "clip-assembler";
    public static final String ACTIONS_SINK = "actions-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String FRAME_STORE = "clip-frames";
    public static final String CURSOR_STORE = "camera-cursors";
    public static final String PERSON_CLIPS = "person-clips";
    public static final String PERSON_STORE = "person-tracks";

    /** Idle preprocessed slices kept for reuse across all tasks (~200 KB each at 128x128). */
    private static final int POOLED_SLICES = 256;

    /**
     * Dead letters carry a whole frame and the frame store's changelog carries whole frames: both need the frame
     * bound plus room for the envelope.
     */
    public static final int MAX_RECORD_BYTES = Topics.MAX_FRAME_RECORD_BYTES + 64 * 1024;

    private ActionTopology() {
    }

    /**
     * The one builder of the inference topology, for live processing and replays alike.
     *
     * @param config     inference settings; its registry keys configure the serdes
     * @param wiring     topics read and written, and which frames are taken (a bounded range adds
     *                   {@value #RANGE_FILTER} in front of intake and starts each camera at its first whole clip)
     * @param card       the model's card: clip geometry, preprocessing, labels
     * @param classifier the model (shared by all tasks; thread-safe)
     * @param poseModel  the pose model a per-person card needs (each stream thread opens its own estimator); null
     *                   for a whole-frame card
     */
    public static Topology build(InferenceConfig config, StreamWiring wiring, ModelCard card,
                                 ClipClassifier classifier, PoseModel poseModel) {
        if (card.perPerson() && poseModel == null) {
            throw new IllegalArgumentException("model " + card.name() + " classifies people and needs a pose model");
        }
        Map<String, Object> serdeConfig = config.serdeConfig();
        ClipGeometry geometry = ClipGeometry.of(card);
        FrameRange range = wiring.frames();
        ClipAssemblySettings settings = config.clipAssembly(geometry)
                .withStreamStart(range.isEverything() ? StreamStart.REACH_BACK_BY_GRACE : StreamStart.FIRST_WHOLE_CLIP);
        ActionEventFactory events = new ActionEventFactory(card, config.topK());
        PixelSlicePool pool = new PixelSlicePool(card.frameFloats(), POOLED_SLICES);
        String framesTopic = wiring.framesTopic();
        Supplier<Deserializer<VideoFrame>> frameDeserializers =
                () -> AvroSerdes.specific(VideoFrame.class, serdeConfig, false).deserializer();
        Supplier<ImageDecoder> decoders = config.jpegDecoder().resolve();
        Supplier<FramePreprocessor> preprocessors =
                () -> new FramePreprocessor(decoders.get(), new FrameTensorizer(card), pool);

        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), framesTopic);
        String intakeParent = SOURCE;
        if (!range.isEverything()) {
            topology.addProcessor(RANGE_FILTER, () -> new FrameRangeFilter(range), SOURCE);
            intakeParent = RANGE_FILTER;
        }
        if (card.perPerson()) {
            addPersonClips(topology, config, card, classifier, poseModel, geometry, settings, events,
                    frameDeserializers, preprocessors, framesTopic, intakeParent);
        } else {
            addCameraClips(topology, config, geometry, settings, classifier, events, pool, frameDeserializers,
                    preprocessors, framesTopic, intakeParent);
        }
        topology.addSink(ACTIONS_SINK, wiring.actionsTopic(), new StringSerializer(),
                AvroSerdes.specific(ActionEvent.class, serdeConfig, false).serializer(),
                card.perPerson() ? PERSON_CLIPS : ASSEMBLER);
        topology.addSink(DEAD_LETTER_SINK, wiring.deadLetterTopic(), new ByteArraySerializer(),
                AvroSerdes.specific(DeadLetter.class, serdeConfig, false).serializer(), INTAKE,
                card.perPerson() ? PERSON_CLIPS : ASSEMBLER);
        return topology;
    }

    private static void addPersonClips(Topology topology, InferenceConfig config, ModelCard card,
                                       ClipClassifier classifier, PoseModel poseModel, ClipGeometry geometry,
                                       ClipAssemblySettings settings, ActionEventFactory events,
                                       Supplier<Deserializer<VideoFrame>> frameDeserializers,
                                       Supplier<FramePreprocessor> preprocessors, String framesTopic,
                                       String intakeParent) {
        ClipScheduler scheduler = PersonClipBuilder.schedulerFor(geometry, settings.maxMissingFrames(),
                settings.restartGapFrames());
        TrackerSettings tracking = TrackerSettings.defaults(geometry.frameStep())
                .withMinPersonScore(config.poseMinPersonScore());
        // One builder per task: the tracker keeps scratch arrays.
        Supplier<PersonClipBuilder> builders = () -> new PersonClipBuilder(scheduler, new PersonTracker(tracking));
        topology.addProcessor(INTAKE, () -> new FrameIntakeProcessor(
                () -> new FrameIntake(frameDeserializers.get(), preprocessors.get(), geometry,
                        config.allowedCameras(), config.intakeLimits(), PoseEstimator.open(poseModel,
                        config.executionProviders(), config.intraOpThreads(), config.poseMinPersonScore()),
                        framesTopic),
                PERSON_CLIPS, DEAD_LETTER_SINK), intakeParent);
        topology.addProcessor(PERSON_CLIPS, () -> new PersonClipProcessor(builders.get(),
                () -> new PersonClipClassifier(card, classifier), events, PERSON_STORE, ACTIONS_SINK,
                DEAD_LETTER_SINK), INTAKE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PERSON_STORE),
                                Serdes.String(), new PersonCameraStateSerde())
                        .withLoggingEnabled(Map.of())
                        // Rewritten per sampled frame; the cache folds those writes into one record per commit.
                        .withCachingEnabled(),
                PERSON_CLIPS);
    }

    private static void addCameraClips(Topology topology, InferenceConfig config, ClipGeometry geometry,
                                       ClipAssemblySettings settings, ClipClassifier classifier,
                                       ActionEventFactory events, PixelSlicePool pool,
                                       Supplier<Deserializer<VideoFrame>> frameDeserializers,
                                       Supplier<FramePreprocessor> preprocessors, String framesTopic,
                                       String intakeParent) {
        topology.addProcessor(INTAKE, () -> new FrameIntakeProcessor(
                () -> new FrameIntake(frameDeserializers.get(), preprocessors.get(), geometry,
                        config.allowedCameras(), config.intakeLimits(), null, framesTopic),
                ASSEMBLER, DEAD_LETTER_SINK), intakeParent);
        topology.addProcessor(ASSEMBLER, () -> new ClipAssemblerProcessor(settings, classifier, events, pool,
                () -> new FrameRestorer(frameDeserializers.get(), preprocessors.get()),
                FRAME_STORE, CURSOR_STORE, ACTIONS_SINK, DEAD_LETTER_SINK), INTAKE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(FRAME_STORE), Serdes.Bytes(), Serdes.ByteArray())
                        .withLoggingEnabled(Map.of("max.message.bytes", Integer.toString(MAX_RECORD_BYTES)))
                        // Frames are written once and deleted once; a cache would only hold big values twice.
                        .withCachingDisabled(),
                ASSEMBLER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(CURSOR_STORE), Serdes.String(), new ClipCursorSerde())
                        .withLoggingEnabled(Map.of())
                        // Rewritten per frame; the cache folds those writes into one changelog record per commit.
                        .withCachingEnabled(),
                ASSEMBLER);
    }
}
