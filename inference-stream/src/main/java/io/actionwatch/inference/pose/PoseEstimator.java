package io.actionwatch.inference.pose;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.actionwatch.inference.model.ExecutionProviders;
import io.actionwatch.inference.model.ModelCardException;
import io.actionwatch.inference.preprocess.DecodedImage;
import io.actionwatch.inference.preprocess.RgbResizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the pretrained pose model on one decoded frame and returns the people in it. One instance per stream thread:
 * it owns its input buffer and resizer; the ONNX Runtime session is its own too, because the pose model is small
 * (19 MB) and a per-thread session keeps callers from queueing on each other's input buffers.
 */
public final class PoseEstimator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PoseEstimator.class);

    private final PoseModel model;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final RgbResizer resizer;
    private final IntBuffer input;
    private final long[] shape;
    private final float minPersonScore;

    private PoseEstimator(PoseModel model, OrtEnvironment env, OrtSession session, float minPersonScore) {
        this.model = model;
        this.env = env;
        this.session = session;
        PoseModel.Input in = model.card().input();
        this.resizer = new RgbResizer(in.width(), in.height());
        this.input = ByteBuffer.allocateDirect(Integer.BYTES * resizer.values()).order(ByteOrder.nativeOrder())
                .asIntBuffer();
        this.shape = new long[]{1, in.height(), in.width(), 3};
        this.minPersonScore = minPersonScore;
    }

    /**
     * @param providers      execution providers in priority order (see {@link ExecutionProviders})
     * @param intraOpThreads ONNX Runtime threads per call; 0 lets ONNX Runtime use every core
     * @param minPersonScore people scored below this are not returned
     */
    public static PoseEstimator open(PoseModel model, List<String> providers, int intraOpThreads,
                                     float minPersonScore) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        List<String> enabled;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setInterOpNumThreads(1);
            // Between pose calls the thread decodes, tracks and talks to Kafka; spinning pool threads would take
            // the cores it needs (the classifier's intra.op.spinning measured the same).
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            enabled = ExecutionProviders.ofRuntime().apply(providers, options);
            session = env.createSession(model.onnxPath().toString(), options);
        } catch (OrtException e) {
            throw new ModelCardException("ONNX Runtime cannot load " + model.onnxPath() + ": " + e.getMessage(), e);
        }
        try {
            checkSignature(model, session);
        } catch (RuntimeException e) {
            try {
                session.close();
            } catch (OrtException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        log.info("pose model loaded name={} path={} providers={} input={}x{}", model.card().name(), model.onnxPath(),
                enabled, model.card().input().width(), model.card().input().height());
        return new PoseEstimator(model, env, session, minPersonScore);
    }

    private static void checkSignature(PoseModel model, OrtSession session) {
        String in = model.card().input().name();
        String out = model.card().output().name();
        if (!session.getInputNames().contains(in) || !session.getOutputNames().contains(out)) {
            throw new ModelCardException("pose model " + model.onnxPath() + " has inputs " + session.getInputNames()
                    + " and outputs " + session.getOutputNames() + "; its card names " + in + " and " + out);
        }
    }

    public PoseModel model() {
        return model;
    }

    /** The people in a decoded frame scored at least the minimum, best first. */
    public List<PersonDetection> estimate(DecodedImage image) {
        resizer.resize(image, input);
        return people(run(input));
    }

    /**
     * The model's raw output ({@code people x 56}) for an input already at the model's size, as interleaved RGB
     * 0..255 in a buffer of {@code height * width * 3} values. For parity checks against the original framework.
     */
    public float[][] run(IntBuffer rgb) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, rgb.duplicate().rewind(), shape);
             OrtSession.Result result = session.run(Map.of(model.card().input().name(), tensor))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            FloatBuffer values = output.getFloatBuffer();
            int people = values.remaining() / PoseModel.VALUES_PER_PERSON;
            float[][] rows = new float[people][PoseModel.VALUES_PER_PERSON];
            for (float[] row : rows) {
                values.get(row);
            }
            return rows;
        } catch (OrtException e) {
            throw new IllegalStateException("pose model " + model.card().name() + " failed: " + e.getMessage(), e);
        }
    }

    private List<PersonDetection> people(float[][] rows) {
        List<PersonDetection> people = new ArrayList<>(rows.length);
        int box = CocoKeypoints.COUNT * PersonDetection.STRIDE;
        for (float[] row : rows) {
            float score = row[box + 4];
            if (score >= minPersonScore) {
                float[] keypoints = new float[box];
                System.arraycopy(row, 0, keypoints, 0, box);
                people.add(new PersonDetection(score, row[box], row[box + 1], row[box + 2], row[box + 3], keypoints));
            }
        }
        people.sort((a, b) -> Float.compare(b.score(), a.score()));
        return people;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing pose model " + model.card().name() + ": " + e.getMessage(), e);
        }
    }
}
