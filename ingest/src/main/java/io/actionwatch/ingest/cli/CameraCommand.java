package io.actionwatch.ingest.cli;

import io.actionwatch.ingest.publish.Camera;
import io.actionwatch.ingest.publish.CameraSettings;
import io.actionwatch.ingest.publish.CameraStats;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.source.FrameSource;
import io.actionwatch.ingest.source.ImageFolderSource;
import io.actionwatch.ingest.source.SyntheticSource;
import io.actionwatch.topics.Topics;
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
                + "Ctrl-C, --frames, or the end of a non-looped image folder.")
final class CameraCommand implements Callable<Integer> {

    enum SourceKind { synthetic, images }

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

    @Option(names = "--loop", description = "Replay the image folder endlessly.")
    boolean loop;

    @Option(names = "--fps", defaultValue = "${env:ACTIONWATCH_FPS:-15}",
            description = "Frames per second; 0 publishes as fast as possible (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--width", defaultValue = "320",
            description = "Frame width; images are scaled to it (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "240",
            description = "Frame height; images are scaled to it (default: ${DEFAULT-VALUE}).")
    int height;

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

    @Option(names = "--producer-property", description = "Extra Kafka producer setting key=value (repeatable).")
    Map<String, String> producerProperties = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        CameraSettings settings;
        try {
            if (width < 16 || height < 16) {
                throw new IllegalArgumentException("--width and --height must be at least 16");
            }
            if (frames < 0) {
                throw new IllegalArgumentException("--frames must be >= 0");
            }
            if (source == SourceKind.images && imagesDir == null) {
                throw new IllegalArgumentException("--source images needs --images-dir");
            }
            if (source == SourceKind.synthetic && (imagesDir != null || loop)) {
                throw new IllegalArgumentException("--images-dir and --loop apply to --source images only");
            }
            if (people < 1 || people > SceneSettings.MAX_PEOPLE) {
                throw new IllegalArgumentException("--people must be between 1 and " + SceneSettings.MAX_PEOPLE
                        + ", got " + people);
            }
            if (source == SourceKind.images && people != 1) {
                throw new IllegalArgumentException("--people applies to --source synthetic only");
            }
            settings = new CameraSettings(cameraId, bootstrapServers, schemaRegistryUrl, topic, fps, frames,
                    startSequence, jpegQuality, new HashMap<>(producerProperties));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandSpec.commandLine(), e.getMessage(), e);
        }
        FrameSource frameSource = openSource(settings);
        Camera camera = Camera.start(settings, frameSource);
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
        commandSpec.commandLine().getOut().printf("camera=%s captured=%d sent=%d failed=%d nextSequence=%d%n",
                cameraId, stats.captured(), stats.sent(), stats.failed(), stats.nextSequence());
        commandSpec.commandLine().getOut().flush();
        if (camera.failure().isPresent()) {
            commandSpec.commandLine().getErr().println("error: " + camera.failure().get().getMessage());
            return 1;
        }
        return stats.failed() > 0 ? 3 : 0;
    }

    private FrameSource openSource(CameraSettings settings) throws java.io.IOException {
        if (source == SourceKind.images) {
            return new ImageFolderSource(imagesDir, loop, width, height);
        }
        long sceneSeed = seed != null ? seed : cameraId.hashCode();
        double sceneFps = settings.paced() ? settings.fps() : CameraSettings.DEFAULT_FPS;
        return new SyntheticSource(new SceneSettings(width, height, sceneFps, sceneSeed, true, people));
    }
}
