package io.actionwatch.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the configured provider list (e.g. {@code cuda,cpu}) into ONNX Runtime session options. Providers are tried
 * in the order given; one this build or host cannot offer is skipped with a WARN so a GPU-less host still serves the
 * model on CPU instead of refusing to start. CPU is always the final fallback.
 */
public final class ExecutionProviders {

    public static final String CPU = "cpu";
    public static final String CUDA = "cuda";
    public static final String TENSORRT = "tensorrt";
    public static final List<String> SUPPORTED = List.of(CPU, CUDA, TENSORRT);

    /**
     * Clips per model call when batch.max.clips is left to the provider. On CPU one clip per call: measured with the
     * reference model on 2 cores, a clip costs 37 ms of CPU alone in a call and 46 ms in a call of 8 (a batch's
     * activations outgrow the caches), and inside the pipeline batches of 3-4 cost 45-49 ms of CPU per clip against
     * 36-44 ms one at a time, at half the latency (README, Performance). Accelerators amortise kernel launches and
     * transfers over a batch, so they batch.
     */
    static final int CPU_BATCH = 1;
    static final int ACCELERATOR_BATCH = 8;

    private static final Logger log = LoggerFactory.getLogger(ExecutionProviders.class);

    private final Set<OrtProvider> available;

    public ExecutionProviders(Set<OrtProvider> available) {
        this.available = available.isEmpty() ? EnumSet.noneOf(OrtProvider.class) : EnumSet.copyOf(available);
    }

    /** The batch size suited to the provider that runs the model (the first one enabled). */
    public static int preferredBatch(List<String> enabled) {
        return enabled.isEmpty() || CPU.equals(enabled.get(0)) ? CPU_BATCH : ACCELERATOR_BATCH;
    }

    /** Providers of the ONNX Runtime build on the classpath (the GPU artifact adds CUDA and TensorRT). */
    public static ExecutionProviders ofRuntime() {
        return new ExecutionProviders(OrtEnvironment.getAvailableProviders());
    }

    /**
     * Adds the requested providers to {@code options}.
     *
     * @return the providers actually enabled, in priority order, always ending with cpu
     */
    public List<String> apply(List<String> requested, OrtSession.SessionOptions options) {
        List<String> enabled = new ArrayList<>();
        for (String name : requested) {
            String provider = name.trim().toLowerCase(Locale.ROOT);
            switch (provider) {
                case CPU -> {
                    // CPU is ORT's implicit last provider; nothing to add.
                }
                case CUDA -> addIfAvailable(provider, OrtProvider.CUDA, options, enabled);
                case TENSORRT -> addIfAvailable(provider, OrtProvider.TENSOR_RT, options, enabled);
                default -> throw new IllegalArgumentException("unknown execution provider " + name
                        + "; supported: " + SUPPORTED);
            }
        }
        enabled.add(CPU);
        return List.copyOf(enabled);
    }

    private void addIfAvailable(String name, OrtProvider provider, OrtSession.SessionOptions options,
                                List<String> enabled) {
        if (!available.contains(provider)) {
            log.warn("execution provider {} requested but not in this ONNX Runtime build (available={}); "
                    + "falling back to cpu. Use the onnxruntime_gpu artifact on a CUDA host.", name, available);
            return;
        }
        try {
            if (provider == OrtProvider.CUDA) {
                options.addCUDA(0);
            } else {
                options.addTensorrt(0);
            }
            enabled.add(name);
        } catch (OrtException e) {
            log.warn("execution provider {} could not be enabled (driver or device missing?); falling back to cpu: {}",
                    name, e.getMessage());
        }
    }
}
