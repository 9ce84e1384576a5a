package io.actionwatch.launcher;

import io.actionwatch.ingest.publish.Camera;
import io.actionwatch.ingest.publish.CameraMetrics;
import io.actionwatch.ingest.publish.CameraSettings;
import io.actionwatch.ingest.video.FfmpegSource;
import io.actionwatch.ingest.video.VideoInput;
import io.actionwatch.ingest.video.VideoSourceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's real sources: video files ({@code video-1..}), RTSP streams ({@code rtsp-1..}) and V4L2
 * devices ({@code device-1..}), each a camera reading through FFmpeg, scaled down to fit {@link #BOX_WIDTH} x
 * {@link #BOX_HEIGHT} and limited to the pipeline's frame rate.
 */
final class RealCameras implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RealCameras.class);
    /** Large enough for the pose model to see small people, small enough for two cores. */
    static final int BOX_WIDTH = 640;
    static final int BOX_HEIGHT = 480;

    private final List<Camera> cameras;
    private final Map<String, FfmpegSource> sources;

    private RealCameras(List<Camera> cameras, Map<String, FfmpegSource> sources) {
        this.cameras = cameras;
        this.sources = sources;
    }

    static RealCameras start(List<Path> videos, boolean loop, List<String> rtspUrls, List<String> devices, double fps,
                             Map<String, Object> client) {
        List<VideoInput> inputs = new ArrayList<>();
        videos.forEach(v -> inputs.add(VideoInput.file(v)));
        rtspUrls.forEach(u -> inputs.add(VideoInput.rtsp(u)));
        devices.forEach(d -> inputs.add(VideoInput.device(d)));
        List<Camera> started = new ArrayList<>(inputs.size());
        Map<String, FfmpegSource> sources = new LinkedHashMap<>();
        int[] numbers = new int[VideoInput.Kind.values().length];
        try {
            for (VideoInput input : inputs) {
                String cameraId = idPrefix(input.kind()) + "-" + ++numbers[input.kind().ordinal()];
                VideoSourceSettings source = VideoSourceSettings.of(input).withLoop(loop).withMaxFps(fps)
                        .withBox(BOX_WIDTH, BOX_HEIGHT);
                CameraSettings settings = CameraSettings.of(cameraId, client).withFps(fps);
                FfmpegSource video = new FfmpegSource(source);
                started.add(Camera.start(settings, video));
                sources.put(cameraId, video);
                log.info("camera started camera={} input=\"{}\"", cameraId, input.redacted());
            }
        } catch (IOException e) {
            started.forEach(Camera::close);
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            started.forEach(Camera::close);
            throw e;
        }
        return new RealCameras(started, sources);
    }

    private static String idPrefix(VideoInput.Kind kind) {
        return switch (kind) {
            case FILE -> "video";
            case RTSP -> "rtsp";
            case DEVICE -> "device";
        };
    }

    /** Serves every camera's counters in {@code registry}. */
    void registerMetrics(MeterRegistry registry) {
        cameras.forEach(camera -> CameraMetrics.register(camera, registry));
        sources.forEach((cameraId, video) -> CameraMetrics.registerVideoSource(cameraId, video, registry));
    }

    @Override
    public void close() {
        cameras.forEach(Camera::close);
    }
}
