package io.actionwatch.benchmark.ceiling;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.file.Path;

/**
 * Opens bare ONNX Runtime sessions the way the pipeline's classifier does (all graph optimisations, sequential
 * execution, one inter-op thread), with the intra-op thread count and spinning policy under test.
 */
public final class SessionFactory {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Path onnx;

    public SessionFactory(Path onnx) {
        this.onnx = onnx;
    }

    public OrtEnvironment environment() {
        return env;
    }

    /**
     * @param intraOpThreads ONNX Runtime intra-op threads (the calling thread counts as one of them)
     * @param spinning       whether idle intra-op threads busy-wait for work (ONNX Runtime's default) or sleep
     */
    public OrtSession open(int intraOpThreads, boolean spinning) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            return env.createSession(onnx.toString(), options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot open " + onnx + ": " + e.getMessage(), e);
        }
    }
}
