package io.actionwatch.inference.app;

import io.actionwatch.serde.RegistrySerdeConfig;

import io.actionwatch.metrics.MetricsEndpoint;
import io.actionwatch.config.LayeredConfig;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.model.ExecutionProviders;
import io.actionwatch.inference.intake.FrameIntake;
import io.actionwatch.inference.intake.IntakeLimits;
import io.actionwatch.inference.tracking.TrackerSettings;
import io.actionwatch.inference.preprocess.JpegDecoderChoice;
import io.actionwatch.inference.schedule.StreamStart;
import io.actionwatch.inference.window.ClipAssemblySettings;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inference application's own settings, declared with Kafka's {@link ConfigDef}. Every other key (Kafka Streams,
 * producer, consumer, e.g. {@code bootstrap.servers}, {@code num.stream.threads}) passes through to Kafka Streams.
 * Loaded in layers: classpath {@code inference-stream.properties} &lt; optional file &lt; {@code ACTIONWATCH_*}
 * environment variables.
 */
public final class InferenceConfig extends AbstractConfig {

    public static final String CLASSPATH_DEFAULTS = "inference-stream.properties";
    public static final String ENV_PREFIX = "ACTIONWATCH_";

    public static final String MODEL_DIR = "model.dir";
    public static final String POSE_MODEL_DIR = "pose.model.dir";
    public static final String POSE_MIN_PERSON_SCORE = "pose.min.person.score";
    public static final String EXECUTION_PROVIDERS = "execution.providers";
    public static final String INTRA_OP_THREADS = "intra.op.threads";
    public static final String INTRA_OP_SPINNING = "intra.op.spinning";
    public static final String FRAME_DECODER = "frame.decoder";
    public static final String BATCH_MAX_CLIPS = "batch.max.clips";
    public static final String BATCH_MAX_WAIT_MS = "batch.max.wait.ms";
    public static final String CLIP_REORDER_GRACE_FRAMES = "clip.reorder.grace.frames";
    public static final String CLIP_MAX_MISSING_SHARE = "clip.max.missing.share";
    public static final String CAMERA_IDLE_TIMEOUT_MS = "camera.idle.timeout.ms";
    public static final String CAMERA_RESTART_GAP_FRAMES = "camera.restart.gap.frames";
    public static final String CAMERAS_ALLOWED = "cameras.allowed";
    public static final String FRAME_MAX_IMAGE_BYTES = "frame.max.image.bytes";
    public static final String FRAME_MAX_PIXELS = "frame.max.pixels";
    public static final String TOP_K = "top.k";
    public static final String METRICS_PORT = "metrics.port";
    public static final String STATE_STORE_MEMORY_BYTES = "state.store.memory.bytes";
    /** This application's settings, and the registry serdes' (RegistrySerdeConfig), the URL required. */
    public static final ConfigDef CONFIG = RegistrySerdeConfig.defineOn(new ConfigDef(), ConfigDef.NO_DEFAULT_VALUE)
            .define(MODEL_DIR, Type.STRING, "model/reference", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Directory holding model.onnx and model-card.json; relative paths resolve against the working "
                            + "directory.")
            .define(POSE_MODEL_DIR, Type.STRING, "model/pose/movenet-multipose", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Pose model directory (pose-card.json and the ONNX file the build converts), "
                            + "used only when the model's card classifies people; relative paths resolve against the "
                            + "working directory.")
            .define(POSE_MIN_PERSON_SCORE, Type.DOUBLE, (double) TrackerSettings.DEFAULT_MIN_PERSON_SCORE,
                    Range.between(0.0, 1.0), Importance.LOW,
                    "People the pose model scores below this are neither tracked nor classified. MoveNet always "
                            + "fills six slots, empty ones scoring near 0; it scores real pedestrians in surveillance "
                            + "footage at 0.15-0.45 (measured on OpenCV's vtest.avi).")
            .define(EXECUTION_PROVIDERS, Type.LIST, ExecutionProviders.CPU,
                    ValidList.in(false, ExecutionProviders.SUPPORTED.toArray(String[]::new)), Importance.HIGH,
                    "ONNX Runtime execution providers in priority order (cpu, cuda, tensorrt). One the runtime or host "
                            + "cannot offer is skipped with a WARN; cpu is always the last resort.")
            .define(INTRA_OP_THREADS, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "ONNX Runtime threads per model call. 0 = available cores / num.stream.threads (which defaults to "
                            + "the cores, so 1), so concurrent calls from all stream threads together use the cores once.")
            .define(INTRA_OP_SPINNING, Type.BOOLEAN, false, Importance.LOW,
                    "Whether idle ONNX Runtime intra-op threads busy-wait for the next model call (ONNX Runtime's own "
                            + "default) instead of sleeping. Off: between model calls the stream thread decodes frames "
                            + "and talks to Kafka, and spinning threads would take the cores it needs.")
            .define(FRAME_DECODER, Type.STRING, "auto", ConfigDef.CaseInsensitiveValidString.in("auto", "turbojpeg",
                            "imageio"), Importance.MEDIUM,
                    "JPEG decoder: turbojpeg (libjpeg-turbo, Debian package libturbojpeg0; faster), "
                            + "imageio (the JDK's, no native library; same pixels), or auto (turbojpeg when "
                            + "installed, else imageio).")
            .define(BATCH_MAX_CLIPS, Type.INT, 0, Range.between(0, 256), Importance.MEDIUM,
                    "Most clips per model call; a batch is run as soon as it is full. 0 = by execution provider: 1 on "
                            + "CPU (cheapest per clip there, measured), 8 on a GPU provider.")
            .define(BATCH_MAX_WAIT_MS, Type.LONG, 50L, Range.atLeast(0), Importance.MEDIUM,
                    "Longest a ready clip waits for its batch to fill (wall clock; plus up to poll.ms when idle).")
            .define(CLIP_REORDER_GRACE_FRAMES, Type.INT, 8, Range.atLeast(0), Importance.MEDIUM,
                    "How many sequence numbers past a clip's last frame to wait for its missing or out-of-order "
                            + "frames before deciding it with what has arrived.")
            .define(CLIP_MAX_MISSING_SHARE, Type.DOUBLE, 0.25, Range.between(0.0, 1.0), Importance.MEDIUM,
                    "Largest share of a clip's frames that may be missing; gaps are filled with the nearest present "
                            + "frame. Clips missing more are skipped (WARN, clips-skipped metric).")
            .define(CAMERA_IDLE_TIMEOUT_MS, Type.LONG, Duration.ofMinutes(5).toMillis(), Range.atLeast(1),
                    Importance.LOW, "A camera silent this long (wall clock) has its buffered frames and cursor dropped.")
            .define(CAMERA_RESTART_GAP_FRAMES, Type.LONG, 300L, Range.atLeast(1), Importance.LOW,
                    "Only for frames of epoch 0 (producers that predate epochs): a frame this many sequence numbers "
                            + "behind the camera's highest is taken as the camera having restarted its numbering: its "
                            + "buffered state is dropped and clips start afresh, instead of every frame being dropped "
                            + "as late until the idle timeout. Frames with an epoch ignore it: a newer epoch is a "
                            + "restart, an older one a STALE_EPOCH dead letter, and within one epoch a frame far "
                            + "behind is a late frame, never a restart. Must exceed the reorder grace plus one clip.")
            .define(CAMERAS_ALLOWED, Type.LIST, "", ValidList.anyNonDuplicateValues(true, false), Importance.LOW,
                    "Cameras whose frames are processed; frames of others become UNKNOWN_CAMERA dead letters. Empty "
                            + "accepts any camera.")
            .define(FRAME_MAX_IMAGE_BYTES, Type.INT, 4 * 1024 * 1024, Range.between(1, Topics.MAX_FRAME_RECORD_BYTES),
                    Importance.LOW, "Largest encoded image of a frame taken, in bytes; larger ones become "
                            + "IMAGE_TOO_LARGE dead letters. The default, 4 MiB, holds a 4K JPEG at high quality; "
                            + "the topic's record limit (8 MiB) is the most it can be.")
            .define(FRAME_MAX_PIXELS, Type.LONG, 7680L * 4320L,
                    Range.between(1L, (long) FrameIntake.MAX_SIDE * FrameIntake.MAX_SIDE), Importance.LOW,
                    "Most pixels (width x height) a frame may declare; larger ones become IMAGE_TOO_LARGE dead "
                            + "letters before anything is decoded, and a JPEG's header must declare the frame's size "
                            + "before it is decoded, so one frame's decoded pixels take at most 3 bytes (RGB) times "
                            + "this. The default is 8K (7680x4320), about 100 MB decoded.")
            .define(TOP_K, Type.INT, 3, Range.atLeast(1), Importance.LOW,
                    "Classes listed in each event's topK (capped at the number of labels).")
            .define(METRICS_PORT, Type.INT, 0, Range.between(MetricsEndpoint.OFF, 65535), Importance.LOW,
                    "Port of the Prometheus endpoint (/metrics); 0 takes a free port (logged at start), -1 serves "
                            + "nothing.")
            .define(STATE_STORE_MEMORY_BYTES, Type.LONG, 64L << 20, Range.atLeast(0), Importance.MEDIUM,
                    "Native memory all RocksDB state stores of this instance share: one block cache, with the "
                            + "memtables (up to half of it) and the index and filter blocks counted in it. 0 leaves "
                            + "Kafka Streams' defaults, a 50 MB cache and up to 48 MB of memtables per store and "
                            + "partition, or whatever rocksdb.config.setter sets.");

    public InferenceConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    /**
     * Loads the layered configuration.
     *
     * @param file optional properties file (command-line argument)
     * @param env  environment, e.g. {@code System.getenv()}
     */
    public static InferenceConfig load(Optional<Path> file, Map<String, String> env) {
        return new InferenceConfig(LayeredConfig.load(CLASSPATH_DEFAULTS, file, env, ENV_PREFIX, knownKeys()));
    }

    /** Keys an environment variable may override: this app's and every Kafka Streams, producer and consumer key. */
    public static Set<String> knownKeys() {
        Set<String> keys = new HashSet<>(CONFIG.names());
        keys.addAll(StreamsConfig.configDef().names());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return keys;
    }

    public Path modelDir() {
        return Path.of(getString(MODEL_DIR));
    }

    public Path poseModelDir() {
        return Path.of(getString(POSE_MODEL_DIR));
    }

    public float poseMinPersonScore() {
        return getDouble(POSE_MIN_PERSON_SCORE).floatValue();
    }

    public List<String> executionProviders() {
        return getList(EXECUTION_PROVIDERS);
    }

    /** Configured threads, or cores divided among the stream threads when 0. */
    public int intraOpThreads() {
        int configured = getInt(INTRA_OP_THREADS);
        if (configured > 0) {
            return configured;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / streamThreads());
    }

    public boolean intraOpSpinning() {
        return getBoolean(INTRA_OP_SPINNING);
    }

    /**
     * Configured {@code num.stream.threads}, or one per core: each thread decodes its frames and runs its own model
     * calls (with intra.op.threads = 1), so one thread's decoding and Kafka work overlaps another's inference. On 2
     * cores this sustained 1.5x the frames/s of one thread with two intra-op threads (README, Performance).
     */
    public int streamThreads() {
        Object value = originals().get(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
        return value == null ? Math.max(1, Runtime.getRuntime().availableProcessors())
                : Integer.parseInt(value.toString().trim());
    }

    public JpegDecoderChoice jpegDecoder() {
        return JpegDecoderChoice.parse(getString(FRAME_DECODER));
    }

    public int batchMaxClips() {
        return getInt(BATCH_MAX_CLIPS);
    }

    /** The bound of {@link io.actionwatch.inference.state.StateStoreMemory}, 0 for Kafka Streams' defaults. */
    public long stateStoreMemoryBytes() {
        return getLong(STATE_STORE_MEMORY_BYTES);
    }

    public Duration batchMaxWait() {
        return Duration.ofMillis(getLong(BATCH_MAX_WAIT_MS));
    }

    public int reorderGraceFrames() {
        return getInt(CLIP_REORDER_GRACE_FRAMES);
    }

    public double maxMissingShare() {
        return getDouble(CLIP_MAX_MISSING_SHARE);
    }

    public Duration cameraIdleTimeout() {
        return Duration.ofMillis(getLong(CAMERA_IDLE_TIMEOUT_MS));
    }

    /** Allowed cameras; empty means any. */
    public Set<String> allowedCameras() {
        return Set.copyOf(getList(CAMERAS_ALLOWED));
    }

    /** How large a frame's image intake takes. */
    public IntakeLimits intakeLimits() {
        return new IntakeLimits(getInt(FRAME_MAX_IMAGE_BYTES), getLong(FRAME_MAX_PIXELS));
    }

    public int metricsPort() {
        return getInt(METRICS_PORT);
    }

    public int topK() {
        return getInt(TOP_K);
    }

    /** Clip assembly settings of live processing for a model with this geometry. */
    public ClipAssemblySettings clipAssembly(ClipGeometry geometry) {
        return new ClipAssemblySettings(geometry, reorderGraceFrames(), maxMissingShare(), cameraIdleTimeout(),
                getLong(CAMERA_RESTART_GAP_FRAMES), batchMaxClips(), batchMaxWait(), StreamStart.REACH_BACK_BY_GRACE);
    }

    /** Configuration for the registry serdes. */
    public Map<String, Object> serdeConfig() {
        return RegistrySerdeConfig.settingsOf(this);
    }

    /** Everything that is not one of this class's own keys: Kafka Streams, producer and consumer settings. */
    public Map<String, Object> kafkaOriginals() {
        Map<String, Object> kafka = new HashMap<>(originals());
        CONFIG.names().forEach(kafka::remove);
        return kafka;
    }
}
