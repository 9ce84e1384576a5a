package io.actionwatch.inference.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model served through ONNX Runtime. One instance (one {@link OrtSession}) per process, shared by every stream
 * thread: {@code OrtSession.run} is thread-safe, and one session per accelerator keeps a single copy of the weights
 * and a single device context. Each call borrows a pooled direct input buffer, so concurrent callers never share one.
 */
public final class OnnxClassifier implements ClipClassifier, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnnxClassifier.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelCard card;
    private final int maxBatch;
    private final long[] shape;
    private final DirectFloatBufferPool inputs;
    private final List<String> providers;

    private OnnxClassifier(OrtEnvironment env, OrtSession session, ModelCard card, int maxBatch, List<String> providers,
                           int maxConcurrentCallers) {
        this.env = env;
        this.session = session;
        this.card = card;
        this.maxBatch = maxBatch;
        this.providers = providers;
        ModelCard.Input in = card.input();
        this.shape = new long[]{0, in.frames(), in.channels(), in.height(), in.width()};
        this.inputs = new DirectFloatBufferPool(Math.multiplyExact(maxBatch, card.clipFloats()), maxConcurrentCallers);
    }

    /**
     * Loads the model, checks it against its card and warms it up once so the first real clip does not pay for
     * graph initialisation.
     *
     * @param providers            execution providers in priority order (see {@link ExecutionProviders})
     * @param intraOpThreads       ONNX Runtime threads per call; 0 lets ONNX Runtime use every core
     * @param maxBatch             largest batch a call accepts (batch.max.clips); 0 chooses by the provider that
     *                             ends up running the model ({@link ExecutionProviders#preferredBatch})
     * @param maxConcurrentCallers how many input buffers to keep pooled (the stream thread count)
     */
    public static OnnxClassifier open(ModelDirectory model, List<String> providers, int intraOpThreads, int maxBatch,
                                      int maxConcurrentCallers) {
        return open(model, providers, intraOpThreads, true, maxBatch, maxConcurrentCallers);
    }

    /**
     * Like {@link #open(ModelDirectory, List, int, int, int)}, choosing whether idle intra-op threads spin.
     *
     * @param intraOpSpinning true keeps ONNX Runtime's default (idle pool threads busy-wait for the next call);
     *                        false lets them sleep, leaving the cores to the caller's other work between calls
     */
    public static OnnxClassifier open(ModelDirectory model, List<String> providers, int intraOpThreads,
                                      boolean intraOpSpinning, int maxBatch, int maxConcurrentCallers) {
        if (maxBatch < 0) {
            throw new IllegalArgumentException("maxBatch must be >= 0 (0: by provider), was " + maxBatch);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<String> enabled;
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            // Parallelism comes from stream threads and intra-op threads; inter-op threads would only oversubscribe.
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", intraOpSpinning ? "1" : "0");
            enabled = ExecutionProviders.ofRuntime().apply(providers, options);
            session = env.createSession(model.onnxPath().toString(), options);
        } catch (OrtException e) {
            throw new ModelCardException("ONNX Runtime cannot load " + model.onnxPath() + ": " + e.getMessage(), e);
        }
        int batch = maxBatch > 0 ? maxBatch : ExecutionProviders.preferredBatch(enabled);
        try {
            ModelCard card = model.card();
            ModelSignature signature = signatureOf(session);
            card.checkSignature(signature);
            long batchAxis = signature.inputShape()[0];
            if (batchAxis > 0 && batchAxis != batch) {
                throw new ModelCardException("model " + model.onnxPath() + " has a fixed batch axis of " + batchAxis
                        + " but batch.max.clips is " + batch + "; export with a dynamic batch axis");
            }
            OnnxClassifier classifier = new OnnxClassifier(env, session, card, batch, enabled,
                    Math.max(1, maxConcurrentCallers));
            long started = System.nanoTime();
            classifier.classify(new ZeroClip(card));
            log.info("model warm-up name={} millis={}", card.name(), (System.nanoTime() - started) / 1_000_000);
            log.info("model loaded name={} version={} path={} providers={} intraOpThreads={} spinning={} maxBatch={} "
                            + "signature={}", card.name(), card.version(), model.onnxPath(), enabled, intraOpThreads,
                    intraOpSpinning, batch, signature);
            return classifier;
        } catch (RuntimeException e) {
            closeQuietlyAfterFailure(session, e);
            throw e;
        }
    }

    private static ModelSignature signatureOf(OrtSession session) throws ModelCardException {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (inputs.size() != 1 || outputs.size() != 1) {
                throw new ModelCardException("model must have exactly one input and one output, has inputs "
                        + inputs.keySet() + " and outputs " + outputs.keySet());
            }
            NodeInfo in = inputs.values().iterator().next();
            NodeInfo out = outputs.values().iterator().next();
            if (!(in.getInfo() instanceof TensorInfo inInfo) || !(out.getInfo() instanceof TensorInfo outInfo)) {
                throw new ModelCardException("model input and output must be tensors");
            }
            return new ModelSignature(in.getName(), inInfo.getShape(), out.getName(), outInfo.getShape());
        } catch (OrtException e) {
            throw new ModelCardException("cannot read the model's inputs and outputs: " + e.getMessage(), e);
        }
    }

    private static void closeQuietlyAfterFailure(OrtSession session, RuntimeException cause) {
        try {
            session.close();
        } catch (OrtException e) {
            cause.addSuppressed(e);
        }
    }

    public ModelCard card() {
        return card;
    }

    /** Execution providers actually enabled, in priority order. */
    public List<String> providers() {
        return providers;
    }

    @Override
    public int maxBatchSize() {
        return maxBatch;
    }

    @Override
    public float[][] classify(ClipFrames clips) {
        int n = clips.clipCount();
        if (n < 1 || n > maxBatch) {
            throw new IllegalArgumentException("batch of " + n + " clips; must be 1.." + maxBatch);
        }
        int frames = card.input().frames();
        int frameFloats = card.frameFloats();
        FloatBuffer buffer = inputs.acquire();
        try {
            for (int c = 0; c < n; c++) {
                for (int t = 0; t < frames; t++) {
                    float[] frame = clips.frame(c, t);
                    if (frame.length != frameFloats) {
                        throw new IllegalArgumentException("clip " + c + " frame " + t + " has " + frame.length
                                + " floats, the model expects " + frameFloats);
                    }
                    buffer.put(frame);
                }
            }
            buffer.flip();
            long[] batchShape = shape.clone();
            batchShape[0] = n;
            try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, batchShape);
                 OrtSession.Result result = session.run(Map.of(card.input().name(), input),
                         Set.of(card.output().name()))) {
                OnnxValue value = result.get(0);
                float[][] logits = (float[][]) value.getValue();
                if (logits.length != n || logits[0].length != card.labels().size()) {
                    throw new IllegalStateException("model returned " + logits.length + "x" + logits[0].length
                            + " logits for " + n + " clips and " + card.labels().size() + " labels");
                }
                return logits;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + n + " clips of model "
                    + card.name() + " " + card.version() + ": " + e.getMessage(), e);
        } finally {
            inputs.release(buffer);
        }
    }

    /** One all-zero clip: exercises the graph once at start-up so the first real batch is not slower. */
    private static final class ZeroClip implements ClipFrames {
        private final float[] frame;

        ZeroClip(ModelCard card) {
            this.frame = new float[card.frameFloats()];
        }

        @Override
        public int clipCount() {
            return 1;
        }

        @Override
        public float[] frame(int clip, int t) {
            return frame;
        }
    }

    @Override
    public void close() {
        try {
            session.close();
            log.info("model closed name={} version={}", card.name(), card.version());
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session of " + card.name() + " failed", e);
        }
    }
}
