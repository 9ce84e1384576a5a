package io.actionwatch.inference.metrics;

import io.actionwatch.inference.model.ClipClassifier;
import io.actionwatch.inference.model.ClipFrames;
import io.actionwatch.metrics.MetricNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A classifier that records each model call's wall time and clip count as Micrometer histograms. The Kafka Streams
 * sensors keep only an average and a maximum; a histogram is what percentiles over time need, and wrapping the one
 * shared classifier measures every call of every task, whole-frame and per-person alike.
 */
public final class TimedClassifier implements ClipClassifier {

    private final ClipClassifier model;
    private final Timer inference;
    private final DistributionSummary batchClips;

    public TimedClassifier(ClipClassifier model, MeterRegistry registry) {
        this.model = model;
        this.inference = Timer.builder(MetricNames.INFERENCE_METER)
                .description("Wall time of one model call (a batch of clips)")
                .publishPercentileHistogram()
                .register(registry);
        this.batchClips = DistributionSummary.builder(MetricNames.BATCH_CLIPS_METER)
                .description("Clips per model call")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public int maxBatchSize() {
        return model.maxBatchSize();
    }

    @Override
    public float[][] classify(ClipFrames clips) {
        batchClips.record(clips.clipCount());
        return inference.record(() -> model.classify(clips));
    }
}
