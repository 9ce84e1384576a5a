package io.actionwatch.inference.person;

import io.actionwatch.inference.event.ClipSummary;
import io.actionwatch.inference.fill.FilledClip;
import io.actionwatch.inference.model.ExecutionProviders;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.inference.model.OnnxClassifier;
import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.inference.pose.PoseEstimator;
import io.actionwatch.inference.pose.PoseModel;
import io.actionwatch.inference.preprocess.DecodedImage;
import io.actionwatch.inference.preprocess.ImageDecodeException;
import io.actionwatch.inference.preprocess.ImageDecoder;
import io.actionwatch.inference.preprocess.JpegDecoderChoice;
import io.actionwatch.inference.tracking.TrackerSettings;
import io.actionwatch.ingest.dataset.DatasetSpec;
import io.actionwatch.ingest.encode.JpegEncoder;
import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.ClipRenderer;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.schemas.Person;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-person model on clips it has never seen, through the serving path end to end except Kafka: fresh clips of
 * the synthetic scene (seeds outside any training data set), JPEG-encoded like a camera, decoded, the figure found
 * by the real pose model frame by frame, drawn by the Java skeleton renderer and classified by ONNX Runtime Java;
 * beside it the frozen-backbone baseline of the same export. The training side never saw the pose model's output,
 * only true joints through its measured noise, so this is also the check that the noise model carries over.
 */
class PersonModelAccuracyIT {

    private static final Logger log = LoggerFactory.getLogger(PersonModelAccuracyIT.class);
    static final Path PERSON_MODEL = Path.of(System.getProperty("actionwatch.person.model",
            Path.of("..", "model", "person").toString()));
    private static final Path POSE_MODEL = Path.of("..", "model", "pose", "movenet-multipose");
    /** Far from the training data sets' seeds (data set s uses clip seeds [s * 1e9, (s + 1) * 1e9)). */
    private static final long EVALUATION_DATASET_SEED = 900_002;
    private static final int CLIPS_PER_CLASS = 10;

    private static ModelDirectory model;
    private static ModelDirectory baseline;
    private static final List<PersonClip> CLIPS = new ArrayList<>();
    private static final List<String> TRUTH = new ArrayList<>();
    private static int missedFrames;

    @BeforeAll
    static void renderAndTrack() throws ImageDecodeException {
        model = ModelDirectory.open(PERSON_MODEL);
        baseline = ModelDirectory.open(PERSON_MODEL, "baseline-card.json");
        ModelCard card = model.card();
        SceneSettings camera = SceneSettings.defaults(0);
        int frames = card.input().frames();
        Action[] actions = Action.values();
        try (ClipRenderer renderer = new ClipRenderer(camera.width(), camera.height(), camera.fps(), true);
             JpegEncoder jpeg = new JpegEncoder(JpegEncoder.DEFAULT_QUALITY);
             ImageDecoder decoder = JpegDecoderChoice.AUTO.resolve().get();
             PoseEstimator poses = PoseEstimator.open(PoseModel.open(POSE_MODEL), List.of(ExecutionProviders.CPU),
                     0, TrackerSettings.DEFAULT_MIN_PERSON_SCORE)) {
            DecodedImage image = new DecodedImage();
            for (int i = 0; i < CLIPS_PER_CLASS * actions.length; i++) {
                Action action = actions[i % actions.length];
                PersonDetection[] seen = new PersonDetection[frames];
                renderer.render(action, DatasetSpec.clipSeed(EVALUATION_DATASET_SEED, 0, i), frames,
                        card.sampling().frameStep(), (frame, t) -> {
                            byte[] bytes = jpeg.encode(frame.image());
                            try {
                                decoder.decode(bytes, 0, bytes.length, image);
                            } catch (ImageDecodeException e) {
                                throw new IllegalStateException("a freshly encoded frame did not decode", e);
                            }
                            List<PersonDetection> people = poses.estimate(image);
                            seen[t] = people.isEmpty() ? null : people.get(0);
                        });
                List<PersonDetection> detections = filled(seen);
                if (detections == null) {
                    continue; // nobody found in the whole clip: the pipeline would emit nothing for it
                }
                CLIPS.add(new PersonClip(new ClipSummary("eval", i, 0, 0, frames, 0, 0, 0, action.label()),
                        detections, new Person(1L, 0f, 0f, 1f, 1f, 1f)));
                TRUTH.add(action.label());
            }
        }
    }

    /** The clip's detections with misses filled from the nearest frame by the person clip builder's own rule. */
    private static List<PersonDetection> filled(PersonDetection[] seen) {
        PersonFrame[] slots = new PersonFrame[seen.length];
        boolean any = false;
        for (int t = 0; t < seen.length; t++) {
            slots[t] = seen[t] == null ? null : new PersonFrame(t, 0, null, seen[t]);
            any |= seen[t] != null;
        }
        if (!any) {
            return null;
        }
        FilledClip<PersonFrame> clip = FilledClip.of(slots);
        missedFrames += clip.missingFrames();
        return Arrays.stream(clip.frames()).map(PersonFrame::detection).toList();
    }

    private static double top1(ModelDirectory dir, Map<String, int[]> perLabel) {
        int correct = 0;
        try (OnnxClassifier onnx = OnnxClassifier.open(dir, List.of(ExecutionProviders.CPU), 0, 8, 1)) {
            PersonClipClassifier classifier = new PersonClipClassifier(dir.card(), onnx);
            float[][] logits = classifier.classify(CLIPS, SceneSettings.DEFAULT_WIDTH, SceneSettings.DEFAULT_HEIGHT);
            List<String> labels = dir.card().labels();
            for (int i = 0; i < CLIPS.size(); i++) {
                int best = 0;
                for (int k = 1; k < logits[i].length; k++) {
                    best = logits[i][k] > logits[i][best] ? k : best;
                }
                boolean right = labels.get(best).equals(TRUTH.get(i));
                correct += right ? 1 : 0;
                int[] counts = perLabel.computeIfAbsent(TRUTH.get(i), l -> new int[2]);
                counts[0] += right ? 1 : 0;
                counts[1]++;
            }
        }
        return (double) correct / CLIPS.size();
    }

    @Test
    void personModelClassifiesFreshClipsSeenThroughThePoseModel() {
        Map<String, int[]> perLabel = new TreeMap<>();
        Map<String, int[]> perLabelBaseline = new TreeMap<>();
        double adapters = top1(model, perLabel);
        double frozen = top1(baseline, perLabelBaseline);
        StringBuilder table = new StringBuilder();
        perLabel.forEach((label, c) -> table.append(String.format("%n  %-15s %2d/%2d   baseline %2d/%2d", label, c[0],
                c[1], perLabelBaseline.get(label)[0], perLabelBaseline.get(label)[1])));
        log.info("person model on {} fresh clips through the pose model ({} of {} frames missed and filled): "
                        + "top1={} baseline top1={}{}", CLIPS.size(), missedFrames,
                CLIPS.size() * model.card().input().frames(), adapters, frozen, table);
        assertThat(CLIPS).as("clips with the figure found").hasSizeGreaterThanOrEqualTo(
                (int) (0.9 * CLIPS_PER_CLASS * Action.values().length));
        assertThat(adapters).as("per-person top-1 with adapters").isGreaterThanOrEqualTo(0.90);
    }
}
