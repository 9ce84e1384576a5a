package io.actionwatch.inference.app;

import io.actionwatch.inference.frame.CachedFrame;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.inference.testing.PipelineInfrastructure;
import io.actionwatch.inference.testing.TrainedModel;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.actionwatch.inference.testing.PipelineInfrastructure.await;
import static io.actionwatch.inference.testing.PipelineInfrastructure.drain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inference application on real parts: an in-process KRaft broker, the Apicurio registry started from the build,
 * the reference ONNX model. Synthetic cameras publish a fixed number of frames; every clip they complete must come
 * out on actions.v1 exactly once (read_committed, decoded through the registry), across a restart that wipes the
 * local state; poison records land on dlq.v1 while good frames keep flowing.
 */
class ActionPipelineIT {

    private static final Logger log = LoggerFactory.getLogger(ActionPipelineIT.class);

    private static final Path MODEL_DIR = Path.of("..", "model", "reference");
    // About 320 clips, 220 of them with one true label: a camera's action segments last 1.5-5 s, so neighbouring
    // clips share a segment and their errors are correlated. With 4 cameras x 320 frames (55 labelled clips) the
    // reference model measured 84% (two long waving segments), with this sample 92%.
    private static final List<String> CAMERAS = List.of("it-cam-1", "it-cam-2", "it-cam-3", "it-cam-4", "it-cam-5",
            "it-cam-6", "it-cam-7", "it-cam-8");
    private static final int FRAMES_PER_CAMERA = 640;

    @TempDir
    static Path work;

    private static PipelineInfrastructure infra;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        infra = PipelineInfrastructure.start(work);
    }

    @AfterAll
    static void stopInfrastructure() throws Exception {
        if (infra != null) {
            infra.close();
        }
    }

    private static InferenceApp startApp(String applicationId) {
        Map<String, Object> settings = infra.appSettings(applicationId);
        settings.put(InferenceConfig.MODEL_DIR, MODEL_DIR.toString());
        settings.put(InferenceConfig.BATCH_MAX_CLIPS, "4");
        settings.put(InferenceConfig.BATCH_MAX_WAIT_MS, "50");
        return infra.startApp(settings);
    }

    @Test
    void everyClipOnceAcrossARestartAndPoisonToDeadLettersWhileGoodFramesFlow() throws Exception {
        ModelCard card = ModelDirectory.open(MODEL_DIR).card();
        ClipGeometry geometry = ClipGeometry.of(card);
        String applicationId = "inference-it-" + UUID.randomUUID();
        Instant start = Instant.now();
        List<ActionEvent> events = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        Map<String, SyntheticFrames> sources = new HashMap<>();
        for (int i = 0; i < CAMERAS.size(); i++) {
            sources.put(CAMERAS.get(i), new SyntheticFrames(CAMERAS.get(i), 4_242 + i, start, FRAMES_PER_CAMERA));
        }

        try (KafkaProducer<String, VideoFrame> frames = infra.frameProducer();
             KafkaProducer<byte[], byte[]> raw = infra.rawProducer();
             KafkaConsumer<String, ActionEvent> actions = infra.consumer(Topics.ACTIONS, ActionEvent.class);
             KafkaConsumer<byte[], DeadLetter> dlq = infra.consumer(Topics.DEAD_LETTERS, DeadLetter.class)) {

            InferenceApp first = startApp(applicationId);
            try {
                publish(frames, sources, 0, FRAMES_PER_CAMERA / 2);
                // Poison in the middle of the stream: not the wire format, and a frame whose JPEG is garbage,
                // sent just before the good frame with the same sequence number.
                raw.send(new ProducerRecord<>(Topics.FRAMES, CAMERAS.get(0).getBytes(StandardCharsets.UTF_8),
                        "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
                VideoFrame broken = sources.get(CAMERAS.get(0)).frame(FRAMES_PER_CAMERA / 2);
                broken.setData(ByteBuffer.wrap("no jpeg here".getBytes(StandardCharsets.UTF_8)));
                // Stamped as cameras stamp frames (record timestamp = capture time), so only its image is wrong.
                frames.send(new ProducerRecord<>(Topics.FRAMES, null, broken.getCaptureTime().toEpochMilli(),
                        CAMERAS.get(0), broken)).get();
                publish(frames, sources, FRAMES_PER_CAMERA / 2, FRAMES_PER_CAMERA * 3 / 4);
                long expectedSoFar = expectedClips(geometry, FRAMES_PER_CAMERA / 2) * CAMERAS.size();
                await("events of the first half", () -> {
                    drain(actions, events);
                    return events.size() >= expectedSoFar;
                });
            } finally {
                first.close();
            }

            InferenceApp second = startApp(applicationId);
            try {
                publish(frames, sources, FRAMES_PER_CAMERA * 3 / 4, FRAMES_PER_CAMERA);
                long expected = expectedClips(geometry, FRAMES_PER_CAMERA) * CAMERAS.size();
                await("every clip's event", () -> {
                    drain(actions, events);
                    drain(dlq, deadLetters);
                    return events.size() >= expected && deadLetters.size() >= 2;
                });
                // Anything duplicated would arrive within a few commit intervals more.
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < until) {
                    drain(actions, events);
                    drain(dlq, deadLetters);
                }
            } finally {
                second.close();
            }
        }

        long perCamera = expectedClips(geometry, FRAMES_PER_CAMERA);
        for (String camera : CAMERAS) {
            List<Long> firsts = events.stream().filter(e -> e.getCameraId().equals(camera))
                    .map(ActionEvent::getFirstSequence).sorted().toList();
            List<Long> expected = new ArrayList<>();
            for (long k = 0; k < perCamera; k++) {
                expected.add(geometry.firstSequence(k));
            }
            assertThat(firsts).as("clips of %s, each exactly once", camera).isEqualTo(expected);
        }
        assertThat(events.stream().map(ActionEvent::getEventId).collect(Collectors.toSet())).hasSize(events.size());
        assertThat(events).allSatisfy(e -> {
            long clip = e.getFirstSequence() / ((long) geometry.clipStride() * geometry.frameStep());
            assertThat(e.getGroundTruth()).as("ground truth of %s clip %d", e.getCameraId(), clip)
                    .isEqualTo(sources.get(e.getCameraId()).groundTruth(geometry, clip));
            assertThat(e.getMissingFrames()).isZero();
            assertThat(e.getFrameCount()).isEqualTo(geometry.frames());
            assertThat(e.getBatchSize()).isBetween(1, 4);
            assertThat(e.getModelName()).isEqualTo(card.name());
        });
        List<ActionEvent> labelled = events.stream().filter(e -> e.getGroundTruth() != null).toList();
        long agreeing = labelled.stream().filter(e -> e.getLabel().equals(e.getGroundTruth())).count();
        log.info("events agreeing with ground truth: {} of {} labelled clips ({} events), model {} {}; disagreeing "
                        + "(truth->label): {}", agreeing, labelled.size(), events.size(), card.name(), card.version(),
                labelled.stream().filter(e -> !e.getLabel().equals(e.getGroundTruth()))
                        .map(e -> e.getGroundTruth() + "->" + e.getLabel()).sorted().toList());
        if (TrainedModel.isTrained(MODEL_DIR)) {
            // Issue 3: on clips whose frames all carry one true label, the shipped model agrees on >= 85%.
            assertThat(labelled).isNotEmpty();
            assertThat((double) agreeing / labelled.size()).as("agreement with ground truth").isGreaterThanOrEqualTo(0.85);
        }
        assertThat(deadLetters).extracting(DeadLetter::getErrorKind)
                .containsExactlyInAnyOrder("NOT_WIRE_FORMAT", "UNDECODABLE_IMAGE");
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.getSourceTopic()).isEqualTo(Topics.FRAMES));
    }

    /** Clips complete within sequences [0, frames). */
    private static long expectedClips(ClipGeometry geometry, long frames) {
        long k = 0;
        while (geometry.lastSequence(k) < frames) {
            k++;
        }
        return k;
    }

    private static void publish(KafkaProducer<String, VideoFrame> producer, Map<String, SyntheticFrames> sources,
                                long from, long to) throws Exception {
        for (long s = from; s < to; s++) {
            for (SyntheticFrames source : sources.values()) {
                VideoFrame frame = source.frame(s);
                producer.send(new ProducerRecord<>(Topics.FRAMES, null, frame.getCaptureTime().toEpochMilli(),
                        source.camera(), frame));
            }
        }
        producer.flush();
    }

    /**
     * One synthetic camera of the ingest module: the project's scene renderer (a person switching between actions,
     * deterministic for a seed) JPEG-encoded as a camera would, with the true action in each frame's metadata
     * ({@link TopologyHarness#syntheticCamera}).
     */
    private static final class SyntheticFrames {

        private final String camera;
        private final List<VideoFrame> frames = new ArrayList<>();

        SyntheticFrames(String camera, long seed, Instant start, int count) {
            this.camera = camera;
            SceneSettings settings = SceneSettings.defaults(seed);
            frames.addAll(TopologyHarness.syntheticCamera(camera, settings, count, start,
                    Math.round(1000 / settings.fps())));
        }

        String camera() {
            return camera;
        }

        /** A copy, so a test may spoil it without touching the original. */
        VideoFrame frame(long sequence) {
            return VideoFrame.newBuilder(frames.get((int) sequence)).build();
        }

        /** The label all sampled frames of the clip share, or null (what the event's groundTruth must say). */
        String groundTruth(ClipGeometry geometry, long clip) {
            Set<String> labels = new HashSet<>();
            for (long s = geometry.firstSequence(clip); s <= geometry.lastSequence(clip); s += geometry.frameStep()) {
                labels.add(frames.get((int) s).getMetadata().get(CachedFrame.LABEL_KEY));
            }
            return labels.size() == 1 ? labels.iterator().next() : null;
        }
    }
}
