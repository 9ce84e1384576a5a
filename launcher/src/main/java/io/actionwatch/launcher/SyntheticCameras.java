package io.actionwatch.launcher;

import io.actionwatch.ingest.publish.Camera;
import io.actionwatch.ingest.publish.CameraMetrics;
import io.actionwatch.ingest.publish.CameraSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The embedded default's cameras: {@code cam-1..cam-N}, each a synthetic scene with its own seed. */
final class SyntheticCameras implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyntheticCameras.class);
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    private final List<Camera> cameras;

    private SyntheticCameras(List<Camera> cameras) {
        this.cameras = cameras;
    }

    /** {@code client}: bootstrap servers, registry URL and any security settings (the camera role's). */
    static SyntheticCameras start(int count, double fps, long firstSeed, int people, Map<String, Object> client) {
        List<Camera> started = new ArrayList<>(count);
        try {
            for (int i = 1; i <= count; i++) {
                CameraSettings settings = CameraSettings.of("cam-" + i, client).withFps(fps);
                started.add(Camera.startSynthetic(settings, firstSeed + i - 1, WIDTH, HEIGHT, people));
            }
        } catch (RuntimeException e) {
            started.forEach(Camera::close);
            throw e;
        }
        log.info("cameras started count={} fps={} size={}x{} people={}", count, fps, WIDTH, HEIGHT, people);
        return new SyntheticCameras(started);
    }

    /** Serves every camera's counters in {@code registry}. */
    void registerMetrics(MeterRegistry registry) {
        cameras.forEach(camera -> CameraMetrics.register(camera, registry));
    }

    @Override
    public void close() {
        cameras.forEach(Camera::close);
    }
}
