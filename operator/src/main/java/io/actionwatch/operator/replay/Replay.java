package io.actionwatch.operator.replay;

import io.actionwatch.config.ClientSettings;

import io.actionwatch.inference.app.InferenceApp;
import io.actionwatch.inference.app.InferenceConfig;
import io.actionwatch.inference.app.StreamWiring;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.inference.range.FrameRange;
import io.actionwatch.metrics.MetricsEndpoint;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One replay: a range of the frames topic through a model into an output topic, as a Kafka Streams application of
 * its own built by the live service's topology builder. Kafka Streams can neither start at a time nor stop at an
 * offset, so the replay sets its fresh group's committed offsets to the range's start before starting, gives the
 * topology the range (capture times, cameras, end offsets fixed now), watches the committed offsets reach the end
 * offsets, and then closes and removes what its application id owns.
 */
public final class Replay {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);
    /** Reading the events back for the summary; far more than a range's events take. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    /**
     * @param cameras cameras to replay; empty = all
     */
    /**
     * @param client bootstrap servers, registry URL and any security settings; the serde settings of what the
     *               replay writes ({@code Connection#serdeConfig()})
     */
    public record Request(Map<String, Object> client, ModelDirectory model, Instant from,
                   Instant to, Set<String> cameras, String outputTopic) {
    }

    private final Request request;
    private final PrintStream out;
    private final PrintStream err;

    public Replay(Request request, PrintStream out, PrintStream err) {
        this.request = request;
        this.out = out;
        this.err = err;
    }

    /** @return the summary it printed, or empty when the range held no frames (a message says so) */
    public Optional<ReplaySummary> run() {
        Instant from = request.from();
        Instant to = request.to();
        String cameras = request.cameras().isEmpty() ? "all" : String.join(",", request.cameras().stream().sorted()
                .toList());
        try (Admin admin = Admin.create(ClientSettings.select(request.client(), AdminClientConfig.configNames()))) {
            FrameOffsets offsets = FrameOffsets.fix(admin, Topics.FRAMES, from, to, ADMIN_TIMEOUT);
            if (offsets.total() == 0) {
                out.printf("no frames in %s captured in [%s, %s) (cameras: %s): nothing to replay%n", Topics.FRAMES,
                        from, to, cameras);
                return Optional.empty();
            }
            ReplayOutput.ensure(admin, request.outputTopic(), Topics.FRAMES, ADMIN_TIMEOUT);
            Map<TopicPartition, Long> outputStart = latest(admin, request.outputTopic());
            String applicationId = ReplayNames.applicationId(request.model().card(), Instant.now());
            ReplayGroup group = new ReplayGroup(admin, applicationId, ADMIN_TIMEOUT);
            group.seed(offsets);
            Run run = runStreams(applicationId, offsets, group);
            Map<TopicPartition, Long> outputEnd = latest(admin, request.outputTopic());
            List<ActionEvent> events = EventSlice.read(request.client(), outputStart, outputEnd, READ_TIMEOUT);
            Agreement agreement = request.outputTopic().equals(Topics.ACTIONS) ? null
                    : Agreement.of(liveEvents(admin), events);
            ReplaySummary summary = new ReplaySummary(request.model().card(), from, to, cameras, request.outputTopic(),
                    offsets.total(), run.outsideRange(), run.seconds(), events, agreement);
            summary.print(out);
            return Optional.of(summary);
        }
    }

    private record Run(double seconds, long outsideRange) {
    }

    private Run runStreams(String applicationId, FrameOffsets offsets, ReplayGroup group) {
        FrameRange range = FrameRange.of(request.from(), request.to(), request.cameras(), offsets.end());
        StreamWiring wiring = new StreamWiring(applicationId, Topics.FRAMES, request.outputTopic(),
                Topics.DEAD_LETTERS, range);
        Path stateDir = createStateDir(applicationId);
        InferenceConfig config = config(stateDir);
        InferenceApp app = InferenceApp.create(config, wiring, request.model());
        AtomicBoolean cleaned = new AtomicBoolean();
        Runnable cleanUp = () -> {
            if (cleaned.compareAndSet(false, true)) {
                cleanUp(app, group, applicationId, stateDir);
            }
        };
        // Ctrl-C: the JVM runs its hooks and halts without finishing this method, so the hook cleans up too.
        Thread onCtrlC = new Thread(cleanUp, "replay-interrupted");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            log.info("replay starting application.id={} frames={} output={}", applicationId, offsets.total(),
                    request.outputTopic());
            long started = System.nanoTime();
            ProgressBar bar = new ProgressBar(err, offsets.total(), started);
            app.start();
            long done = 0;
            long lastDraw = 0;
            while (done < offsets.total()) {
                KafkaStreams.State state = app.streams().state();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                        || state == KafkaStreams.State.PENDING_SHUTDOWN) {
                    err.println();
                    throw new IllegalStateException("the replay's Kafka Streams application stopped (" + state
                            + ") after " + done + " of " + offsets.total() + " frames; the log above says why");
                }
                sleep(POLL);
                done = offsets.done(group.committed(Topics.FRAMES));
                if (System.nanoTime() - lastDraw > 200_000_000L) {
                    bar.draw(done, System.nanoTime());
                    lastDraw = System.nanoTime();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            bar.finish(done, System.nanoTime());
            // Every frame's offset is committed, and under exactly-once with it the events of the clips it completed;
            // a clip still waiting in a batch (batch.max.clips > 1) is flushed within batch.max.wait.ms and committed
            // at the next commit (100 ms), so that long is waited out before closing.
            sleep(config.batchMaxWait().plusMillis(500));
            return new Run(seconds, outsideRange(app));
        } finally {
            cleanUp.run();
            removeHook(onCtrlC);
        }
    }

    /** Stops the application, then removes everything its application id owns: topics, group, local state. */
    private static void cleanUp(InferenceApp app, ReplayGroup group, String applicationId, Path stateDir) {
        try {
            app.close();
            List<String> removed = group.remove();
            log.info("replay cleaned up application.id={} internalTopics={}", applicationId, removed);
        } finally {
            // The whole state directory goes, not only what KafkaStreams.cleanUp() removes (it keeps the
            // application's directory and its process file, and warns that it is not empty).
            deleteRecursively(stateDir);
        }
    }

    private InferenceConfig config(Path stateDir) {
        // The service's own layers (defaults, ACTIONWATCH_* environment) tune the replay like the live service.
        Map<String, Object> settings = new HashMap<>(InferenceConfig.load(Optional.empty(), System.getenv())
                .originals());
        settings.putAll(request.client());
        settings.put(InferenceConfig.MODEL_DIR, request.model().directory().toString());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // A replay is a command that ends, not a service to scrape: its progress line and summary are its output.
        settings.put(InferenceConfig.METRICS_PORT, MetricsEndpoint.OFF);
        return new InferenceConfig(settings);
    }

    /** Live events of the range's clips on {@link Topics#ACTIONS}, for the agreement table. */
    private List<ActionEvent> liveEvents(Admin admin) {
        // An event's timestamp is its clip's end, never before the clip's start: earlier offsets hold older clips.
        Map<TopicPartition, Long> from = offsetsAt(admin, Topics.ACTIONS, OffsetSpec.forTimestamp(
                request.from().toEpochMilli()));
        Map<TopicPartition, Long> to = latest(admin, Topics.ACTIONS);
        from.replaceAll((tp, offset) -> offset < 0 ? to.get(tp) : offset);
        return EventSlice.read(request.client(), from, to, READ_TIMEOUT).stream()
                .filter(e -> request.cameras().isEmpty() || request.cameras().contains(e.getCameraId()))
                .filter(e -> !e.getClipStartTime().isBefore(request.from()) && e.getClipEndTime().isBefore(request.to()))
                .toList();
    }

    private static Map<TopicPartition, Long> latest(Admin admin, String topic) {
        return offsetsAt(admin, topic, OffsetSpec.latest());
    }

    private static Map<TopicPartition, Long> offsetsAt(Admin admin, String topic, OffsetSpec spec) {
        var description = AdminCalls.await(admin.describeTopics(List.of(topic)).allTopicNames(), ADMIN_TIMEOUT,
                "describe " + topic).get(topic);
        Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> spec));
        return new HashMap<>(AdminCalls.await(admin.listOffsets(request).all(), ADMIN_TIMEOUT,
                "list offsets of " + topic).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset())));
    }

    private static long outsideRange(InferenceApp app) {
        return (long) app.streams().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(PipelineSensors.GROUP)
                        && e.getKey().name().equals(PipelineSensors.FRAMES_OUTSIDE_RANGE + "-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    /**
     * The replay's local state, deleted when it finishes: under {@code ${XDG_CACHE_HOME:-~/.cache}/actionwatch/replay}
     * rather than the OS temp directory, which the OS may clear under a running replay (Kafka Streams warns of it).
     */
    private static Path createStateDir(String applicationId) {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path root = (cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache")
                : Path.of(cache)).resolve("actionwatch").resolve("replay");
        try {
            return Files.createDirectories(root.resolve(applicationId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the replay's state directory under " + root, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the replay's state directory " + dir, e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already shutting down (Ctrl-C): the hook is running or has run; nothing to remove.
            log.debug("shutdown in progress; replay hook left in place", shuttingDown);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        }
    }
}
