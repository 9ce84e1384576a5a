package io.actionwatch.benchmark.soak;

import io.actionwatch.benchmark.frames.PreRenderedFrames;
import io.actionwatch.benchmark.frames.PreRenderedSource;
import io.actionwatch.ingest.publish.Camera;
import io.actionwatch.ingest.publish.CameraSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The soak's camera process: {@code cam-1..cam-N}, each a real {@link Camera} (capture loop, spool, sender, its own
 * producer) publishing the synthetic scene at a fixed frame rate until the process is stopped (SIGTERM: the cameras
 * send what they hold, then close). The scene is rendered and encoded once at start ({@link PreRenderedFrames}), as
 * for the benchmarks' end-to-end section, so the load is the cameras' and not the renderer's.
 */
@Command(name = "soak-cameras", mixinStandardHelpOptions = true,
        description = "Synthetic cameras for the soak, publishing pre-rendered frames until stopped.")
public final class SoakCameras implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SoakCameras.class);
    /** Printed on stdout once every camera runs; the soak waits for it. */
    static final String STARTED_LINE = "soak cameras started";
    /** Frames rendered once and looped; the same count as the benchmarks' end-to-end section. */
    static final int RENDERED_FRAMES = 240;
    /** Cameras start this many frames apart in the loop, so their clips differ. */
    private static final long CAMERA_OFFSET = 37;

    @Option(names = "--bootstrap-servers", required = true)
    String bootstrapServers;

    @Option(names = "--schema-registry-url", required = true)
    String registryUrl;

    @Option(names = "--cameras", required = true)
    int cameras;

    @Option(names = "--fps", required = true, description = "Frames per second per camera.")
    double fps;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakCameras()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        PreRenderedFrames frames = PreRenderedFrames.render(RENDERED_FRAMES, 320, 240,
                CameraSettings.DEFAULT_FPS, seed, CameraSettings.DEFAULT_JPEG_QUALITY);
        List<Camera> started = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "soak-cameras-stop"));
        try {
            for (int i = 1; i <= cameras; i++) {
                CameraSettings settings = CameraSettings.of("cam-" + i, bootstrapServers, registryUrl).withFps(fps);
                started.add(Camera.start(settings, new PreRenderedSource(frames, CAMERA_OFFSET * (i - 1))));
            }
            log.info("cameras started count={} fps={} renderedFrames={} meanJpegBytes={}", cameras, fps,
                    frames.size(), Math.round(frames.meanJpegBytes()));
            System.out.println(STARTED_LINE);
            System.out.flush();
            stop.await();
        } finally {
            long captured = 0;
            long sent = 0;
            long failed = 0;
            for (Camera camera : started) {
                camera.close();
                captured += camera.stats().captured();
                sent += camera.stats().sent();
                failed += camera.stats().failed();
            }
            log.info("cameras stopped captured={} sent={} failed={}", captured, sent, failed);
            closed.countDown();
        }
        return 0;
    }
}
