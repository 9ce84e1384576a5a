package io.actionwatch.benchmark.people;

import io.actionwatch.benchmark.frames.PreRenderedFrames;
import io.actionwatch.benchmark.stats.Repeated;
import io.actionwatch.benchmark.stats.Summary;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.model.ExecutionProviders;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.inference.model.OnnxClassifier;
import io.actionwatch.inference.person.PersonClip;
import io.actionwatch.inference.person.PersonClipBuilder;
import io.actionwatch.inference.person.PersonClipClassifier;
import io.actionwatch.inference.person.PersonCameraState;
import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.inference.pose.PoseEstimator;
import io.actionwatch.inference.pose.PoseModel;
import io.actionwatch.inference.preprocess.DecodedImage;
import io.actionwatch.inference.preprocess.ImageDecodeException;
import io.actionwatch.inference.preprocess.ImageDecoder;
import io.actionwatch.inference.preprocess.JpegDecoderChoice;
import io.actionwatch.inference.tracking.PersonTracker;
import io.actionwatch.inference.tracking.TrackerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-person path's costs, each on one core: decode + pose per sampled frame (the largest cost per camera),
 * and drawing + classifying one person clip. From them: what one core sustains, as camera frames per second
 * (one person in view) and as 15 fps cameras with one and with four people in view, the ceiling the end-to-end
 * efficiency of a per-person model is measured against.
 */
public final class PeopleBenchmark {

    private static final Logger log = LoggerFactory.getLogger(PeopleBenchmark.class);
    private static final double CAMERA_FPS = 15;

    /**
     * @param poseMillisPerFrame      decode + pose of one sampled frame, one core
     * @param clipMillisPerPersonClip skeleton drawing + model call of one person clip, one core
     * @param personClipsPerSecond    person clips one core classifies per second
     * @param cameraFramesPerCoreSecond camera frames one core handles per second with one person in view
     * @param camerasPerCoreOnePerson 15 fps cameras one core serves with one person in each view
     * @param camerasPerCoreFourPeople 15 fps cameras one core serves with four people in each view
     */
    public record Result(Summary poseMillisPerFrame, Summary clipMillisPerPersonClip, Summary personClipsPerSecond,
                         double cameraFramesPerCoreSecond, double camerasPerCoreOnePerson,
                         double camerasPerCoreFourPeople, int frameStep, int cameraFramesPerClip) {
    }

    private final ModelDirectory model;
    private final PoseModel poses;
    private final PreRenderedFrames frames;
    private final Repeated protocol;

    public PeopleBenchmark(ModelDirectory model, PoseModel poses, PreRenderedFrames frames, Repeated protocol) {
        if (!model.card().perPerson()) {
            throw new IllegalArgumentException("the people section needs a per-person model; " + model.card().name()
                    + " classifies whole frames (use --model-dir model/person)");
        }
        this.model = model;
        this.poses = poses;
        this.frames = frames;
        this.protocol = protocol;
    }

    public Result run() throws ImageDecodeException {
        ModelCard card = model.card();
        ClipGeometry geometry = ClipGeometry.of(card);
        List<List<PersonDetection>> detected = new ArrayList<>();
        Summary poseRate;
        try (ImageDecoder decoder = JpegDecoderChoice.AUTO.resolve().get();
             PoseEstimator estimator = PoseEstimator.open(poses, List.of(ExecutionProviders.CPU), 1,
                     TrackerSettings.DEFAULT_MIN_PERSON_SCORE)) {
            DecodedImage image = new DecodedImage();
            for (int i = 0; i < frames.size(); i++) {
                byte[] jpeg = frames.get(i).jpeg();
                decoder.decode(jpeg, 0, jpeg.length, image);
                detected.add(estimator.estimate(image));
            }
            long[] next = {0};
            poseRate = protocol.rate(() -> {
                byte[] jpeg = frames.get(next[0]++ % frames.size()).jpeg();
                try {
                    decoder.decode(jpeg, 0, jpeg.length, image);
                } catch (ImageDecodeException e) {
                    throw new IllegalStateException("a pre-rendered frame did not decode", e);
                }
                estimator.estimate(image);
                return 1;
            });
        }
        List<PersonClip> clips = personClips(geometry, detected);
        if (clips.isEmpty()) {
            throw new IllegalStateException("the pose model found nobody to track in " + frames.size() + " frames");
        }
        Summary clipRate;
        try (OnnxClassifier onnx = OnnxClassifier.open(model, List.of(ExecutionProviders.CPU), 1, 1, 1)) {
            PersonClipClassifier classifier = new PersonClipClassifier(card, onnx);
            long[] next = {0};
            clipRate = protocol.rate(() -> {
                classifier.classify(List.of(clips.get((int) (next[0]++ % clips.size()))), frames.width(),
                        frames.height());
                return 1;
            });
        }
        Summary poseMillis = poseRate.map(r -> 1000 / r);
        Summary clipMillis = clipRate.map(r -> 1000 / r);
        int framesPerClip = geometry.frameStep() * geometry.clipStride();
        double perFrameOnePerson = poseMillis.median() / geometry.frameStep() + clipMillis.median() / framesPerClip;
        double perFrameFourPeople = poseMillis.median() / geometry.frameStep() + 4 * clipMillis.median() / framesPerClip;
        Result result = new Result(poseMillis, clipMillis, clipRate, 1000 / perFrameOnePerson,
                1000 / perFrameOnePerson / CAMERA_FPS, 1000 / perFrameFourPeople / CAMERA_FPS, geometry.frameStep(),
                framesPerClip);
        log.info("people: pose {} ms/frame, person clip {} ms, {} camera frames/s per core (1 person), {} cameras "
                        + "per core (1 person), {} (4 people)", round(poseMillis.median()),
                round(clipMillis.median()), round(result.cameraFramesPerCoreSecond()),
                round(result.camerasPerCoreOnePerson()), round(result.camerasPerCoreFourPeople()));
        return result;
    }

    /**
     * Person clips cut from the frames (tracked as a camera would be), only to have real clips to time: any clip with
     * a frame of the person will do, and the frames never restart, so the pipeline's gap and restart settings are
     * not restated here.
     */
    private static List<PersonClip> personClips(ClipGeometry geometry, List<List<PersonDetection>> detected) {
        PersonClipBuilder builder = new PersonClipBuilder(
                PersonClipBuilder.schedulerFor(geometry, geometry.frames() - 1, Long.MAX_VALUE),
                new PersonTracker(TrackerSettings.defaults(geometry.frameStep())));
        PersonCameraState state = new PersonCameraState();
        List<PersonClip> clips = new ArrayList<>();
        for (int i = 0; i < detected.size(); i += geometry.frameStep()) {
            clips.addAll(builder.accept(state, "bench", i, i * 66L, Map.of(), detected.get(i)));
        }
        return clips;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
