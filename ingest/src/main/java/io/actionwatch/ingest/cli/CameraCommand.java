package io.actionwatch.ingest.cli;

import io.actionwatch.ingest.publish.Camera;
import io.actionwatch.ingest.publish.CameraMetrics;
import io.actionwatch.metrics.MetricsEndpoint;
import io.actionwatch.ingest.publish.CameraSettings;
import io.actionwatch.ingest.publish.CameraStats;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.source.FrameSource;
import io.actionwatch.ingest.source.ImageFolderSource;
import io.actionwatch.ingest.source.SyntheticSource;
import io.actionwatch.ingest.spool.SpoolSettings;
import io.actionwatch.ingest.video.FfmpegSource;
import io.actionwatch.ingest.video.VideoInput;
import io.actionwatch.ingest.video.VideoSourceSettings;
import io.actionwatch.security.ClientSecurity;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ingest camera}: publishes one camera's frames to {@code frames.v1}. */
@Command(name = "camera", mixinStandardHelpOptions = true,
        description = "Publish one camera's JPEG frames to Kafka (Avro VideoFrame via the schema registry) until "
                + "Ctrl-C, --frames, or the end of a non-looped video file or image folder. Sources: the synthetic "
                + "scene, a folder of images, a video file (--video), an RTSP stream (--rtsp) or a V4L2 device "
                + "(--device). While the broker is away, frames wait in a bounded spool and are sent in order when "
                + "it is back.")
final class CameraCommand implements Callable<Integer> {

    enum SourceKind { synthetic, images }

    /** Box of the synthetic scene and of image folders when no size is given. */
    static final int DEFAULT_WIDTH = 320;
    static final int DEFAULT_HEIGHT = 240;

    private static final long MIB = 1024L * 1024;

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--camera-id", defaultValue = "${env:ACTIONWATCH_CAMERA_ID:-camera-1}",
            description = "Camera id, the record key (env ACTIONWATCH_CAMERA_ID; default: ${DEFAULT-VALUE}).")
    String cameraId;

    @Option(names = "--source", defaultValue = "synthetic",
            description = "Frame source: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SourceKind source;

    @Option(names = "--images-dir", description = "Folder of images for --source images (played in name order).")
    Path imagesDir;

    @Option(names = "--video", paramLabel = "FILE",
            description = "Publish a video file (mp4, mkv, avi, ... anything FFmpeg reads), at its own frame rate "
                    + "unless --no-realtime; capture time = start + the frame's presentation time.")
    Path video;

    @Option(names = "--rtsp", paramLabel = "URL",
            description = "Publish an RTSP stream (TCP transport), reconnected with back-off when it drops.")
    String rtsp;

    @Option(names = "--device", paramLabel = "PATH",
            description = "Publish a V4L2 device such as /dev/video0; its MJPEG frames are passed through without "
                    + "re-encoding when no scaling is needed.")
    String device;

    @Option(names = "--device-format", defaultValue = VideoSourceSettings.DEFAULT_DEVICE_FORMAT,
            description = "Pixel format asked of a --device (default: ${DEFAULT-VALUE}).")
    String deviceFormat;

    @Option(names = "--no-realtime",
            description = "Publish a --video as fast as possible instead of at its own frame rate (its frames still "
                    + "carry their own timing).")
    boolean noRealtime;

    @Option(names = "--loop", description = "Replay the image folder or video file endlessly.")
    boolean loop;

    @Option(names = "--fps", defaultValue = "${env:ACTIONWATCH_FPS:-15}",
            description = "Frames per second; 0 publishes as fast as possible. For video, RTSP and devices the most "
                    + "frames per second published: frames above it are dropped at the source "
                    + "(default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--width",
            description = "Frame width. The synthetic scene and images are drawn at it (default " + DEFAULT_WIDTH
                    + "); video, RTSP and devices are scaled down to fit it with their aspect ratio kept (default: "
                    + "their own size; 0: any width).")
    Integer width;

    @Option(names = "--height",
            description = "Frame height, as --width (default " + DEFAULT_HEIGHT + " for the synthetic scene and "
                    + "images; video sources keep their own).")
    Integer height;

    @Option(names = "--spool-memory-mb", defaultValue = "64",
            description = "Frames kept in memory while the broker cannot take them, in MiB; beyond it the oldest "
                    + "go to --spool-dir, or are dropped and counted (default: ${DEFAULT-VALUE}).")
    long spoolMemoryMb;

    @Option(names = "--spool-dir", paramLabel = "DIR",
            description = "Keep frames that overflow the memory spool in this directory (bounded by "
                    + "--spool-disk-mb); frames left there when the camera stops are sent at its next start.")
    Path spoolDir;

    @Option(names = "--spool-disk-mb", defaultValue = "1024",
            description = "Bound of --spool-dir in MiB (default: ${DEFAULT-VALUE}).")
    long spoolDiskMb;

    @Option(names = "--jpeg-quality", defaultValue = "85",
            description = "JPEG quality 1-100 (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

    @Option(names = "--seed", description = "Synthetic scene seed (default: derived from the camera id).")
    Long seed;

    @Option(names = "--people", defaultValue = "1",
            description = "People in the synthetic scene, 1-" + SceneSettings.MAX_PEOPLE + ", each doing their own "
                    + "actions; frames carry each one's action and box as person.<i>.* metadata "
                    + "(default: ${DEFAULT-VALUE}).")
    int people;

    @Option(names = "--frames", defaultValue = "0",
            description = "Stop after this many frames; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long frames;

    @Option(names = "--start-sequence", defaultValue = "0",
            description = "Sequence number of the first frame (default: ${DEFAULT-VALUE}).")
    long startSequence;

    @Option(names = "--topic", defaultValue = Topics.FRAMES, description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:ACTIONWATCH_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env ACTIONWATCH_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url",
            defaultValue = "${env:ACTIONWATCH_SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}",
            description = "Confluent-API schema registry URL (env ACTIONWATCH_SCHEMA_REGISTRY_URL; "
                    + "default: ${DEFAULT-VALUE}).")
    String schemaRegistryUrl;

    @Option(names = "--metrics-port", defaultValue = "${env:ACTIONWATCH_METRICS_PORT:--1}",
            description = "Serve Prometheus metrics at http://host:PORT/metrics; 0 takes a free port (logged), -1 "
                    + "serves none (env ACTIONWATCH_METRICS_PORT; default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--producer-property", description = "Extra Kafka producer setting key=value (repeatable).")
    Map<String, String> producerProperties = new HashMap<>();

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Properties file of client settings, e.g. a secured deployment's camera.properties "
                    + "(credentials, trusted CA): secrets come from a file, never the command line. Its "
                    + "bootstrap.servers and schema.registry.url apply unless given as options.")
    Path clientConfig;

    private boolean matched(String option) {
        return commandSpec.commandLine().getParseResult().hasMatchedOption(option);
    }

    @Override
    public Integer call() throws Exception {
        CameraSettings settings;
        try {
            int videoSources = (video != null ? 1 : 0) + (rtsp != null ? 1 : 0) + (device != null ? 1 : 0);
            if (videoSources > 1) {
                throw new IllegalArgumentException("give one of --video, --rtsp and --device");
            }
            if (videoSources == 1 && (commandSpec.commandLine().getParseResult().hasMatchedOption("--source")
                    || imagesDir != null || people != 1 || seed != null)) {
                throw new IllegalArgumentException("--video, --rtsp and --device replace --source, --images-dir, "
                        + "--people and --seed");
            }
            if (videoSources == 0) {
                if (width == null) {
                    width = DEFAULT_WIDTH;
                }
                if (height == null) {
                    height = DEFAULT_HEIGHT;
                }
                if (width < 16 || height < 16) {
                    throw new IllegalArgumentException("--width and --height must be at least 16");
                }
                if (noRealtime) {
                    throw new IllegalArgumentException("--no-realtime applies to --video only");
                }
            } else if ((width != null && width != 0 && width < 16) || (height != null && height != 0 && height < 16)) {
                throw new IllegalArgumentException("--width and --height must be 0 (any) or at least 16");
            }
            if (spoolMemoryMb < 1 || spoolDiskMb < 1) {
                throw new IllegalArgumentException("--spool-memory-mb and --spool-disk-mb must be at least 1");
            }
            if (frames < 0) {
                throw new IllegalArgumentException("--frames must be >= 0");
            }
            if (source == SourceKind.images && imagesDir == null) {
                throw new IllegalArgumentException("--source images needs --images-dir");
            }
            if (source == SourceKind.synthetic && videoSources == 0 && (imagesDir != null || loop)) {
                throw new IllegalArgumentException("--images-dir and --loop apply to --source images only");
            }
            if (people < 1 || people > SceneSettings.MAX_PEOPLE) {
                throw new IllegalArgumentException("--people must be between 1 and " + SceneSettings.MAX_PEOPLE
                        + ", got " + people);
            }
            if (source == SourceKind.images && people != 1) {
                throw new IllegalArgumentException("--people applies to --source synthetic only");
            }
            SpoolSettings spool = SpoolSettings.inMemory(spoolMemoryMb * MIB);
            if (spoolDir != null) {
                spool = spool.withDisk(spoolDir, spoolDiskMb * MIB);
            }
            Map<String, Object> overrides = new HashMap<>();
            if (clientConfig != null) {
                overrides.putAll(ClientSecurity.read(clientConfig));
                Object fileBootstrap = overrides.remove(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
                Object fileRegistry = overrides.remove(RegistrySerdeConfig.SCHEMA_REGISTRY_URL);
                if (fileBootstrap != null && !matched("--bootstrap-servers")) {
                    bootstrapServers = fileBootstrap.toString();
                }
                if (fileRegistry != null && !matched("--schema-registry-url")) {
                    schemaRegistryUrl = fileRegistry.toString();
                }
            }
            overrides.putAll(producerProperties);
            settings = new CameraSettings(cameraId, bootstrapServers, schemaRegistryUrl, topic, fps, frames,
                    startSequence, jpegQuality, overrides, spool);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandSpec.commandLine(), e.getMessage(), e);
        }
        if (metricsPort > 65535 || metricsPort < MetricsEndpoint.OFF) {
            throw new ParameterException(commandSpec.commandLine(),
                    "--metrics-port must be -1 (off), 0 (any free port) or a port up to 65535, not " + metricsPort);
        }
        try (MetricsEndpoint metrics = MetricsEndpoint.start("camera " + cameraId, metricsPort)) {
            return run(settings, metrics);
        }
    }

    private int run(CameraSettings settings, MetricsEndpoint metrics) throws Exception {
        FrameSource frameSource = openSource(settings);
        Camera camera = Camera.start(settings, frameSource);
        CameraMetrics.register(camera, metrics.registry());
        if (frameSource instanceof FfmpegSource video) {
            CameraMetrics.registerVideoSource(cameraId, video, metrics.registry());
        }
        Thread hook = new Thread(camera::stop, "camera-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!camera.awaitCompletion(Duration.ofSeconds(1))) {
            // Ctrl-C runs the hook, which stops the camera; this loop then ends with it.
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting through Ctrl-C: the hook is doing the stopping.
        }
        CameraStats stats = camera.stats();
        commandSpec.commandLine().getOut().printf(
                "camera=%s captured=%d sent=%d failed=%d dropped=%d nextSequence=%d%n", cameraId, stats.captured(),
                stats.sent(), stats.failed(), stats.dropped(), stats.nextSequence());
        commandSpec.commandLine().getOut().flush();
        if (camera.failure().isPresent()) {
            commandSpec.commandLine().getErr().println("error: " + camera.failure().get().getMessage());
            return 1;
        }
        return stats.failed() > 0 ? 3 : 0;
    }

    private FrameSource openSource(CameraSettings settings) throws java.io.IOException {
        VideoInput input = video != null ? VideoInput.file(video) : rtsp != null ? VideoInput.rtsp(rtsp)
                : device != null ? VideoInput.device(device) : null;
        if (input != null) {
            return new FfmpegSource(VideoSourceSettings.of(input).withLoop(loop).withRealTime(!noRealtime)
                    .withMaxFps(settings.fps()).withBox(width == null ? 0 : width, height == null ? 0 : height)
                    .withDeviceFormat(deviceFormat));
        }
        if (source == SourceKind.images) {
            return new ImageFolderSource(imagesDir, loop, width, height);
        }
        long sceneSeed = seed != null ? seed : cameraId.hashCode();
        double sceneFps = settings.paced() ? settings.fps() : CameraSettings.DEFAULT_FPS;
        return new SyntheticSource(new SceneSettings(width, height, sceneFps, sceneSeed, true, people));
    }
}
