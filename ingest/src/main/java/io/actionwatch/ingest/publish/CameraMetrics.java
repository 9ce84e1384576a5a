package io.actionwatch.ingest.publish;

import io.actionwatch.ingest.video.FfmpegSource;
import io.actionwatch.metrics.MetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToDoubleFunction;

/**
 * Publishes a camera's {@link CameraStats} as Micrometer meters tagged with its id: captured, sent, failed and dropped
 * as counters (fps sent / failed is their rate), spooled as a gauge. The meters read the camera's own counters at
 * scrape time, so the capture and sender loops do no extra work.
 */
public final class CameraMetrics {

    private CameraMetrics() {
    }

    public static void register(Camera camera, MeterRegistry registry) {
        String id = camera.settings().cameraId();
        counter(registry, camera, id, MetricNames.CAMERA_CAPTURED, s -> s.captured());
        counter(registry, camera, id, MetricNames.CAMERA_SENT, s -> s.sent());
        counter(registry, camera, id, MetricNames.CAMERA_FAILED, s -> s.failed());
        counter(registry, camera, id, MetricNames.CAMERA_DROPPED, s -> s.dropped());
        Gauge.builder(MetricNames.CAMERA_FRAMES_METER_PREFIX + MetricNames.CAMERA_SPOOLED, camera,
                        c -> c.stats().spooled())
                .description("Frames waiting in the spool or the producer")
                .tag(MetricNames.CAMERA_TAG, id).register(registry);
    }

    /** Adds a video source's drops and reconnects, tagged with the id of the camera that reads it. */
    public static void registerVideoSource(String cameraId, FfmpegSource source, MeterRegistry registry) {
        FunctionCounter.builder(MetricNames.VIDEO_SOURCE_DROPS_METER, source, FfmpegSource::drops)
                .description("Times the video input dropped")
                .tag(MetricNames.CAMERA_TAG, cameraId).register(registry);
        FunctionCounter.builder(MetricNames.VIDEO_SOURCE_RECONNECTS_METER, source, FfmpegSource::reconnects)
                .description("Times a dropped video input was opened again")
                .tag(MetricNames.CAMERA_TAG, cameraId).register(registry);
    }

    private static void counter(MeterRegistry registry, Camera camera, String id, String what,
                                ToDoubleFunction<CameraStats> value) {
        FunctionCounter.builder(MetricNames.CAMERA_FRAMES_METER_PREFIX + what, camera,
                        c -> value.applyAsDouble(c.stats()))
                .description("Frames " + what)
                .tag(MetricNames.CAMERA_TAG, id).register(registry);
    }
}
