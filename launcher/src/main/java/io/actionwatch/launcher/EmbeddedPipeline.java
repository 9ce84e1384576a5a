package io.actionwatch.launcher;

import io.actionwatch.config.LayeredConfig;
import io.actionwatch.inference.app.InferenceApp;
import io.actionwatch.launcher.dashboard.Dashboard;
import io.actionwatch.inference.app.InferenceConfig;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.metrics.MetricNames;
import io.actionwatch.metrics.MetricsEndpoint;
import io.actionwatch.security.Role;
import io.actionwatch.sink.app.SinkApp;
import io.actionwatch.sink.app.SinkConfig;
import io.actionwatch.topics.Topics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * README command 1: the whole pipeline on one machine — a real broker and registry as child JVMs, the topics, the
 * stream application, the sink and synthetic cameras in this JVM — printing action events until Ctrl-C or
 * {@code --duration}. Everything started is stopped, in reverse order, when it ends.
 */
@Command(name = "run-pipeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the whole action-recognition pipeline on an embedded Kafka broker and schema registry.")
public final class EmbeddedPipeline implements java.util.concurrent.Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPipeline.class);
    /** Printed once per service at start: the service ({@link MetricNames.Service}, lower case) and its URL. */
    static final String METRICS_LINE = "metrics %s %s%n";
    /** Printed at start: where other cameras and tools reach the broker and the registry. */
    static final String KAFKA_LINE = "kafka %s registry %s%n";
    /** Printed at start: where the live dashboard is, or "off". */
    static final String DASHBOARD_LINE = "dashboard %s%n";
    /** Printed at start when secured: where each role's client settings are (operator.properties for tools). */
    static final String SECURED_LINE = "secured client-settings %s%n";

    @Option(names = "--cameras", defaultValue = "4",
            description = "Synthetic cameras to run, cam-1..cam-N; 0 with real sources only (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--video", paramLabel = "FILE",
            description = "Also publish this video file as camera video-N, at its own frame rate (repeatable).")
    List<Path> videos = new ArrayList<>();

    @Option(names = "--loop", description = "Play --video files endlessly.")
    boolean loop;

    @Option(names = "--rtsp", paramLabel = "URL",
            description = "Also publish this RTSP stream as camera rtsp-N, reconnected when it drops (repeatable).")
    List<String> rtspUrls = new ArrayList<>();

    @Option(names = "--device", paramLabel = "PATH",
            description = "Also publish this V4L2 device (e.g. /dev/video0) as camera device-N (repeatable).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--fps", defaultValue = "15", description = "Frames per second per camera (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--duration", defaultValue = "0",
            description = "Seconds to run before stopping by itself; 0 runs until Ctrl-C (default ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--partitions", defaultValue = "2",
            description = "Partitions of every topic, i.e. the stream application's parallelism (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--model-dir", defaultValue = "model/reference",
            description = "Model directory holding model.onnx and model-card.json (default ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--work-dir",
            description = "Where broker, registry and state stores keep their files and logs; a later run given the "
                    + "same directory carries on with its topics, schemas and state (default: a new directory under "
                    + "target/embedded).")
    Path workDir;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the first camera's scene; camera i uses seed+i.")
    long seed;

    @Option(names = "--people", defaultValue = "1", description = "People in each synthetic camera's scene, 1-"
            + SceneSettings.MAX_PEOPLE + "; several make sense with a per-person model (--model-dir model/person) "
            + "(default ${DEFAULT-VALUE}).")
    int people;

    @Option(names = "--camera-metrics-port", defaultValue = "0",
            description = "Port of the cameras' Prometheus endpoint (/metrics); 0 takes a free port, -1 serves none "
                    + "(default ${DEFAULT-VALUE}). The stream application and the sink take a free port each "
                    + "(their metrics.port defaults to 0); all three URLs are printed at start.")
    int cameraMetricsPort;

    @Option(names = "--dashboard-port", defaultValue = "0",
            description = "Port of the live dashboard (a web page); 0 takes a free port, -1 serves none "
                    + "(default ${DEFAULT-VALUE}). Its URL is printed at start.")
    int dashboardPort;

    @Option(names = "--secure", description = "Run secured: SASL/SCRAM-SHA-512 over TLS and ACLs per role on the "
            + "broker, https with basic authentication on the registry, a principal per service with only its rights. "
            + "Passwords and certificates are made in <work-dir>/secrets; each role's client settings are written "
            + "there as <role>.properties.")
    boolean secure;

    private final PrintStream out;
    /** Counted down by Ctrl-C, the end of --duration, a failed service or {@link #stop()}. */
    private final CountDownLatch stop = new CountDownLatch(1);

    EmbeddedPipeline(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EmbeddedPipeline(System.out)).execute(args));
    }

    /**
     * Ends a run from another thread as Ctrl-C would: everything started is stopped and {@link #call()} returns. Lets
     * a caller that has seen what it needed end the run before --duration, which is then only an upper bound.
     */
    void stop() {
        stop.countDown();
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        Path work = workDir != null ? workDir : freshWorkDir();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(stopped, Duration.ofSeconds(60));
        }, "run-pipeline-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Deque<AutoCloseable> running = new ArrayDeque<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            log.info("starting workDir={} cameras={} model={}", work, cameras, modelDir);
            LocalInfrastructure infrastructure = LocalInfrastructure.start(work, Topics.all(partitions, (short) 1),
                    secure ? Optional.of(LocalInfrastructure.embeddedAccessPolicy()) : Optional.empty());
            running.push(infrastructure);

            SinkApp sink = new SinkApp(sinkConfig(infrastructure), out);
            running.push(sink);
            Thread sinkThread = new Thread(() -> runUntilFailure(sink, failure, stop), "sink");
            sinkThread.start();

            InferenceApp inference = InferenceApp.create(inferenceConfig(infrastructure, work));
            running.push(inference);
            inference.streams().setStateListener((now, before) -> {
                if (now == KafkaStreams.State.ERROR) {
                    failure.compareAndSet(null, new IllegalStateException("the stream application stopped in ERROR"));
                    stop.countDown();
                }
            });
            inference.start();

            // One endpoint for all the cameras of this process, as one camera command serves its own.
            MetricsEndpoint cameraMetrics = MetricsEndpoint.start("cameras", cameraMetricsPort);
            running.push(cameraMetrics);
            if (cameras > 0) {
                SyntheticCameras synthetic = SyntheticCameras.start(cameras, fps, seed, people,
                        infrastructure.clientSettings(Role.CAMERA));
                running.push(synthetic);
                synthetic.registerMetrics(cameraMetrics.registry());
            }
            if (!videos.isEmpty() || !rtspUrls.isEmpty() || !devices.isEmpty()) {
                RealCameras real = RealCameras.start(videos, loop, rtspUrls, devices, fps,
                        infrastructure.clientSettings(Role.CAMERA));
                running.push(real);
                real.registerMetrics(cameraMetrics.registry());
            }
            String dashboardUrl = "off";
            if (dashboardPort != Dashboard.OFF) {
                Dashboard dashboard = Dashboard.start(infrastructure.clientSettings(Role.OPERATOR),
                        inference.wiring().applicationId(), dashboardPort);
                running.push(dashboard);
                dashboardUrl = dashboard.url().toString();
            }
            out.printf(KAFKA_LINE, infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl());
            printMetricsUrl(MetricNames.Service.STREAM, inference.metricsUrl());
            printMetricsUrl(MetricNames.Service.SINK, sink.metricsUrl());
            printMetricsUrl(MetricNames.Service.CAMERA, cameraMetrics.url());
            out.printf(DASHBOARD_LINE, dashboardUrl);
            out.flush();
            if (infrastructure.secured()) {
                out.printf(SECURED_LINE, infrastructure.clientSettingsFile(Role.OPERATOR).getParent());
                log.info("cameras elsewhere can join: ingest camera --camera-id ID --client-config {} --rtsp URL",
                        infrastructure.clientSettingsFile(Role.CAMERA));
            } else {
                log.info("cameras elsewhere can join: ingest camera --camera-id ID --bootstrap-servers {} "
                        + "--schema-registry-url {} --rtsp URL", infrastructure.bootstrapServers(),
                        infrastructure.schemaRegistryUrl());
            }
            log.info("pipeline running: events print below{}",
                    durationSeconds > 0 ? " for " + durationSeconds + " s" : "; Ctrl-C stops everything");

            if (durationSeconds > 0) {
                stop.await(durationSeconds, TimeUnit.SECONDS);
            } else {
                stop.await();
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            closeAll(running, failure);
            stopped.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The JVM is exiting because of Ctrl-C; the hook is what woke us up.
        }
        Throwable error = failure.get();
        if (error != null) {
            log.error("pipeline failed: {}", error.toString(), error);
            return 1;
        }
        log.info("pipeline stopped");
        return 0;
    }

    private void printMetricsUrl(MetricNames.Service service, Optional<URI> url) {
        out.printf(METRICS_LINE, service.name().toLowerCase(Locale.ROOT), url.map(URI::toString).orElse("off"));
    }

    private void validate() {
        boolean realSources = !videos.isEmpty() || !rtspUrls.isEmpty() || !devices.isEmpty();
        if (cameras < (realSources ? 0 : 1) || fps < 1 || partitions < 1 || durationSeconds < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--fps and --partitions must be >= 1, --duration >= 0, and --cameras >= 1 (>= 0 with --video, "
                            + "--rtsp or --device)");
        }
        if (cameraMetricsPort < MetricsEndpoint.OFF || cameraMetricsPort > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--camera-metrics-port must be -1 (off), 0 (any free port) or a port up to 65535");
        }
        if (dashboardPort < Dashboard.OFF || dashboardPort > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--dashboard-port must be -1 (off), 0 (any free port) or a port up to 65535");
        }
        if (loop && videos.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--loop applies to --video");
        }
        for (Path video : videos) {
            if (!Files.isRegularFile(video)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--video " + video + " is not a file");
            }
        }
        if (people < 1 || people > SceneSettings.MAX_PEOPLE) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--people must be between 1 and " + SceneSettings.MAX_PEOPLE + ", got " + people);
        }
        if (!Files.isRegularFile(modelDir.resolve("model-card.json"))) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "no model-card.json in --model-dir " + modelDir.toAbsolutePath());
        }
    }

    private InferenceConfig inferenceConfig(LocalInfrastructure infrastructure, Path work) {
        Properties layered = LayeredConfig.load(InferenceConfig.CLASSPATH_DEFAULTS, Optional.empty(), System.getenv(),
                InferenceConfig.ENV_PREFIX, InferenceConfig.knownKeys());
        layered.putAll(infrastructure.clientSettings(Role.INFERENCE));
        layered.put(InferenceConfig.MODEL_DIR, modelDir.toString());
        layered.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams").toString());
        return new InferenceConfig(layered);
    }

    private static SinkConfig sinkConfig(LocalInfrastructure infrastructure) {
        return SinkConfig.load(Optional.empty(), System.getenv(), infrastructure.clientSettings(Role.SINK));
    }

    private static void runUntilFailure(SinkApp sink, AtomicReference<Throwable> failure, CountDownLatch stop) {
        try {
            sink.run();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            stop.countDown();
        }
    }

    private static void closeAll(Deque<AutoCloseable> running, AtomicReference<Throwable> failure) {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("failed to stop {}: {}", next.getClass().getSimpleName(), e.toString(), e);
                failure.compareAndSet(null, e);
            }
        }
    }

    /** A fresh directory per run, kept afterwards: the broker's and registry's logs are there for a post-mortem. */
    private static Path freshWorkDir() {
        Path dir = Path.of("target", "embedded",
                java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + dir.toAbsolutePath(), e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("shutdown did not finish within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
