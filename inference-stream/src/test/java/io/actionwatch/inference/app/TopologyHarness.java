package io.actionwatch.inference.app;

import io.actionwatch.metrics.MetricNames;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.frame.CachedFrame;
import io.actionwatch.inference.model.ClipClassifier;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.pose.PoseModel;
import io.actionwatch.inference.testing.LevelEchoClassifier;
import io.actionwatch.inference.testing.ScriptedSchemaRegistry;
import io.actionwatch.inference.testing.TestJpegs;
import io.actionwatch.ingest.encode.JpegEncoder;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.source.SourceFrame;
import io.actionwatch.ingest.source.SyntheticSource;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.serde.RegistrySerdeConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One TopologyTestDriver over {@link ActionTopology#build} with the real registry serdes against a
 * {@link ScriptedSchemaRegistry} and the {@link LevelEchoClassifier}. Frames are 16x12 flat grey JPEGs whose level
 * encodes their sampled index.
 */
final class TopologyHarness implements AutoCloseable {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    static final int WIDTH = 16;
    static final int HEIGHT = 12;
    static final long FRAME_MILLIS = 66;
    static final String APPLICATION_ID = "inference-test";

    final ModelCard card;
    final Map<String, Object> settings;
    final LevelEchoClassifier classifier;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> frames;
    final TestOutputTopic<String, ActionEvent> actions;
    final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final String framesTopic;
    private final Serializer<VideoFrame> frameSerializer;
    private final Map<Integer, byte[]> jpegByLevel = new HashMap<>();

    TopologyHarness(ScriptedSchemaRegistry registry, ModelCard card, Map<String, Object> overrides, Path stateDir) {
        this(registry, card, overrides, stateDir, START);
    }

    TopologyHarness(ScriptedSchemaRegistry registry, ModelCard card, Map<String, Object> overrides, Path stateDir,
                    Instant wallClock) {
        this(registry, card, overrides, stateDir, wallClock, null);
    }

    /** With the pose model a per-person card needs. */
    TopologyHarness(ScriptedSchemaRegistry registry, ModelCard card, Map<String, Object> overrides, Path stateDir,
                    Instant wallClock, PoseModel poseModel) {
        this(registry, card, overrides, stateDir, wallClock, poseModel, null);
    }

    /**
     * @param model the model the topology runs (a real one, for measuring); null runs the stand-in
     *              {@link #classifier}
     */
    TopologyHarness(ScriptedSchemaRegistry registry, ModelCard card, Map<String, Object> overrides, Path stateDir,
                    Instant wallClock, PoseModel poseModel, ClipClassifier model) {
        this(registry, card, overrides, stateDir, wallClock, poseModel, model, StreamWiring.live(APPLICATION_ID));
    }

    /** On any wiring: other topics, another application id, a bounded frame range. */
    TopologyHarness(ScriptedSchemaRegistry registry, ModelCard card, Map<String, Object> overrides, Path stateDir,
                    Instant wallClock, PoseModel poseModel, ClipClassifier model, StreamWiring wiring) {
        this.card = card;
        this.settings = new HashMap<>();
        settings.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        settings.put(InferenceConfig.BATCH_MAX_CLIPS, 1);
        settings.put(InferenceConfig.CLIP_REORDER_GRACE_FRAMES, 2);
        settings.put(InferenceConfig.CLIP_MAX_MISSING_SHARE, 0.25);
        settings.put(RegistrySerdeConfig.RETRY_TIMEOUT_MS, 200L);
        settings.put(RegistrySerdeConfig.RETRY_BACKOFF_MS, 20L);
        settings.putAll(overrides);
        InferenceConfig config = new InferenceConfig(settings);
        // batch.max.clips=0 leaves the batch to the provider; the stand-in model batches like an accelerator (8), so
        // the topology's batching paths are exercised by default.
        int batch = config.batchMaxClips() > 0 ? config.batchMaxClips() : 8;
        this.classifier = new LevelEchoClassifier(card.labels().size(), card.input().frames(), batch);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, wiring.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // TopologyTestDriver never restores from a changelog; with at-least-once it reopens local RocksDB state as is
        // (the restored-state test relies on that), where exactly-once would discard state lacking a checkpoint.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // As the service's defaults (inference-stream.properties) set it; keeps the test log free of Streams' warning.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        this.driver = new TopologyTestDriver(ActionTopology.build(config, wiring, card,
                model != null ? model : classifier, poseModel), props, wallClock);
        Map<String, Object> serde = config.serdeConfig();
        this.frameSerializer = AvroSerdes.specific(VideoFrame.class, serde, false).serializer();
        this.framesTopic = wiring.framesTopic();
        this.frames = driver.createInputTopic(framesTopic, new ByteArraySerializer(), new ByteArraySerializer(),
                START, Duration.ZERO);
        this.actions = driver.createOutputTopic(wiring.actionsTopic(), new StringDeserializer(),
                AvroSerdes.specific(ActionEvent.class, serde, false).deserializer());
        this.deadLetters = driver.createOutputTopic(wiring.deadLetterTopic(), new ByteArrayDeserializer(),
                AvroSerdes.specific(DeadLetter.class, serde, false).deserializer());
    }

    /** A well-formed frame of {@code camera} with the level of its sampled index and ground truth {@code label}. */
    VideoFrame frame(String camera, long sequence, String label) {
        long sampled = sequence / card.sampling().frameStep();
        byte[] jpeg = jpegByLevel.computeIfAbsent(LevelEchoClassifier.level(sampled),
                level -> TestJpegs.flat(WIDTH, HEIGHT, level));
        return VideoFrame.newBuilder()
                .setCameraId(camera)
                .setSequence(sequence)
                .setCaptureTime(START.plusMillis(sequence * FRAME_MILLIS))
                .setCodec("jpeg")
                .setWidth(WIDTH)
                .setHeight(HEIGHT)
                .setData(ByteBuffer.wrap(jpeg))
                .setMetadata(label == null ? Map.of() : Map.of(CachedFrame.LABEL_KEY, label))
                .build();
    }

    /** {@link #frame(String, long, String)} of camera run {@code epoch}. */
    VideoFrame frame(String camera, long epoch, long sequence) {
        return inEpoch(frame(camera, sequence, "waving"), epoch);
    }

    /** A copy of {@code frame} stamped with camera run {@code epoch}. */
    static VideoFrame inEpoch(VideoFrame frame, long epoch) {
        return VideoFrame.newBuilder(frame).setEpoch(epoch).build();
    }

    /** {@link #syntheticCamera(String, SceneSettings, int, Instant, long)} from START, FRAME_MILLIS apart. */
    static List<VideoFrame> syntheticCamera(String camera, SceneSettings settings, int count) {
        return syntheticCamera(camera, settings, count, START, FRAME_MILLIS);
    }

    /**
     * {@code count} frames of a synthetic camera exactly as it publishes them (every figure's truth in the metadata),
     * captured {@code frameMillis} apart from {@code start}.
     */
    static List<VideoFrame> syntheticCamera(String camera, SceneSettings settings, int count, Instant start,
                                            long frameMillis) {
        List<VideoFrame> frames = new ArrayList<>();
        try (SyntheticSource source = new SyntheticSource(settings);
             JpegEncoder jpeg = new JpegEncoder(JpegEncoder.DEFAULT_QUALITY)) {
            for (int i = 0; i < count; i++) {
                SourceFrame frame = source.next();
                frames.add(VideoFrame.newBuilder()
                        .setCameraId(camera)
                        .setSequence(i)
                        .setCaptureTime(start.plusMillis(i * frameMillis))
                        .setCodec("jpeg")
                        .setWidth(settings.width())
                        .setHeight(settings.height())
                        .setData(ByteBuffer.wrap(jpeg.encode(frame.image())))
                        .setMetadata(frame.metadata())
                        .build());
            }
        }
        return frames;
    }

    byte[] encode(VideoFrame frame) {
        return frameSerializer.serialize(framesTopic, frame);
    }

    void send(VideoFrame frame) {
        frames.pipeInput(frame.getCameraId().getBytes(StandardCharsets.UTF_8), encode(frame),
                frame.getCaptureTime());
    }

    void send(String camera, long... sequences) {
        for (long s : sequences) {
            send(frame(camera, s, "waving"));
        }
    }

    void sendRange(String camera, long fromInclusive, long toExclusive) {
        for (long s = fromInclusive; s < toExclusive; s++) {
            send(frame(camera, s, "waving"));
        }
    }

    /** Frames {@code [fromInclusive, toExclusive)} of camera run {@code epoch}. */
    void sendRange(String camera, long epoch, long fromInclusive, long toExclusive) {
        for (long s = fromInclusive; s < toExclusive; s++) {
            send(frame(camera, epoch, s));
        }
    }

    List<ActionEvent> events() {
        return actions.readValuesToList();
    }

    KeyValueStore<Object, Object> store(String name) {
        return driver.getKeyValueStore(name);
    }

    long storeSize(String name) {
        long n = 0;
        try (var all = store(name).all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    /** Value of the pipeline counter {@code <operation>-total}, 0 when never recorded. */
    double counter(String operation) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(PipelineSensors.GROUP)
                        && e.getKey().name().equals(operation + "-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    /** Dead letters of one error kind ({@code UNDECODABLE_IMAGE}), 0 when none was sent. */
    double deadLetters(String errorKind) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(PipelineSensors.GROUP)
                        && e.getKey().name().equals(MetricNames.DEAD_LETTERS + "-total")
                        && MetricNames.deadLetterKind(errorKind).equals(
                                e.getKey().tags().get(MetricNames.DEAD_LETTER_KIND_TAG)))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    @Override
    public void close() {
        driver.close();
    }
}
