package io.actionwatch.launcher;

import io.actionwatch.ingest.publish.Camera;
import io.actionwatch.ingest.publish.CameraSettings;
import io.actionwatch.ingest.publish.CameraStats;
import io.actionwatch.inference.app.InferenceConfig;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.stack.broker.KafkaBroker;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos on real processes (issue 9): a real broker and a real registry as child JVMs, the stream application as a
 * child JVM of its own ({@link InferenceProcess}), real synthetic cameras with their spools. Each test breaks one
 * part while frames flow: the stream application killed with SIGKILL in the middle of a transaction, the broker
 * stopped and started again, the registry killed and kept away for 20 s. Afterwards every complete clip of every
 * camera must have exactly one committed event (read_committed: by first sequence and by event id), and no good
 * frame may have become a dead letter.
 *
 * <p>The tests share the broker, the registry and the stream application's id and state directory, as one
 * deployment would: each starts the application afresh and it resumes from what the one before committed. Each
 * test has cameras of its own and judges only their frames.
 */
class ChaosIT {

    private static final Logger log = LoggerFactory.getLogger(ChaosIT.class);

    private static final String APPLICATION_ID = "chaos-it";
    private static final Path MODEL_DIR = Path.of("..", "model", "reference").toAbsolutePath().normalize();
    /**
     * Cameras run until the test stops them, so an outage always falls mid-stream however slow a loaded machine
     * makes the rest: they stop once each has sent this many frames captured after the broken part was back (one
     * clip of the reference card spans 16), and the verdict covers every frame they captured.
     */
    private static final int FRAMES_AFTER_RECOVERY = 24;
    private static final double FPS = 10;
    private static final int WIDTH = 160;
    private static final int HEIGHT = 120;
    /** How long the broker stays away: its clients' requests time out and the cameras spool meanwhile. */
    private static final Duration BROKER_OUTAGE = Duration.ofSeconds(10);
    /** How long the registry stays away at least (issue 9). */
    private static final Duration REGISTRY_OUTAGE = Duration.ofSeconds(20);
    /** Bound on any wait for an outcome; a healthy run needs a fraction of it. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Ample for the broker to write the markers of a commit it has accepted (milliseconds when idle). */
    private static final Duration COMMIT_SETTLE = Duration.ofSeconds(1);
    private static final String REGISTRY_RETRYING = "schema registry unavailable, retrying";
    private static final String THREAD_REPLACED = "stream thread failed; replacing it";

    @TempDir
    static Path work;

    private static KafkaBroker broker;
    private static ApicurioRegistry registry;
    private static ClipGeometry geometry;

    @BeforeAll
    static void startInfrastructure() {
        geometry = ClipGeometry.of(ModelDirectory.open(MODEL_DIR).card());
        CompletableFuture<ApicurioRegistry> pendingRegistry = CompletableFuture.supplyAsync(
                () -> ApicurioRegistry.start(ApicurioRegistry.defaultHome(), registryDir()));
        try {
            broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), brokerDir());
        } catch (RuntimeException e) {
            pendingRegistry.thenAccept(ApicurioRegistry::close);
            throw e;
        }
        registry = pendingRegistry.join();
        try (Admin admin = admin()) {
            new TopicProvisioner(admin, Duration.ofSeconds(60)).provision(Topics.all(2, (short) 1));
        }
    }

    @AfterAll
    static void stopInfrastructure() {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** A test that failed in the middle of an outage must not fail the ones after it as well. */
    @AfterEach
    void restoreInfrastructure() {
        if (!broker.processHandle().isAlive()) {
            broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), brokerDir());
        }
        if (!registry.processHandle().isAlive()) {
            registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), registryDir());
        }
    }

    /**
     * SIGKILL while a transaction holding events is open. The process is frozen (SIGSTOP) and killed only when the
     * broker shows an open transaction on actions.v1 (last stable offset below the high watermark), so the kill
     * lands mid-transaction every time; otherwise it is let go on and tried again. Its replacement (same
     * application id and state directory) fences the dead producer, the open transaction is aborted, and the clips
     * in it are classified again: every clip exactly once for read_committed consumers.
     */
    @Test
    void streamApplicationKilledMidTransactionEmitsEveryClipOnce() throws Exception {
        List<Camera> cameras;
        int attempts = 0;
        boolean framesFlowingAtKill;
        long committedAtKill;
        double startSeconds;
        double catchUpSeconds;
        long starting = System.nanoTime();
        try (InferenceProcess first = InferenceProcess.start("inference-killed", work, appSettings())) {
            first.awaitRunning();
            startSeconds = seconds(starting);
            cameras = startCameras("kill", 3, 100);
            try {
                await("the first committed events", () -> events(cameras, IsolationLevel.READ_COMMITTED).size() >= 3);
                try (Admin admin = admin()) {
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (true) {
                        attempts++;
                        first.freeze();
                        boolean open;
                        try {
                            open = openTransactionOnActions(admin);
                        } catch (Exception e) {
                            first.resume();
                            throw e;
                        }
                        if (open) {
                            first.kill();
                            break;
                        }
                        first.resume();
                        assertThat(System.nanoTime()).as("an open transaction on %s caught within %s",
                                Topics.ACTIONS, WAIT).isLessThan(deadline);
                        Thread.sleep(20);
                    }
                }
                long killed = System.nanoTime();
                framesFlowingAtKill = cameras.stream().allMatch(Camera::isRunning);
                committedAtKill = events(cameras, IsolationLevel.READ_COMMITTED).size();
                try (InferenceProcess second = InferenceProcess.start("inference-after-kill", work, appSettings())) {
                    second.awaitRunning();
                    stopAfterRecovery(cameras);
                    awaitEveryFrameCommitted();
                    catchUpSeconds = seconds(killed);
                    assertThat(second.isAlive()).as("the replacement application").isTrue();
                }
            } finally {
                cameras.forEach(Camera::stop);
            }
        }

        assertThat(framesFlowingAtKill).as("cameras publishing when the application was killed").isTrue();
        assertEveryFrameSent(cameras);
        List<ActionEvent> committed = events(cameras, IsolationLevel.READ_COMMITTED);
        List<ActionEvent> written = events(cameras, IsolationLevel.READ_UNCOMMITTED);
        assertEveryClipOnce(cameras, committed);
        assertNoDeadLetters(cameras);
        int aborted = written.size() - committed.size();
        assertThat(aborted).as("events written in the transaction the kill left open (aborted, then emitted again)")
                .isPositive();
        log.info("chaos SIGKILL: stream application running {} s after its start, killed after {} freeze "
                        + "attempt(s) with {} events committed; every frame committed {} s after the kill; {} events "
                        + "committed in all, duplicates 0, {} events in aborted transactions", format(startSeconds),
                attempts, committedAtKill, format(catchUpSeconds), committed.size(), aborted);
    }

    /**
     * The broker stopped for {@link #BROKER_OUTAGE} and started again on the same data directory and ports while
     * cameras publish and the stream application runs. Cameras spool and lose nothing, the application resumes by
     * itself (the test never restarts it) and every clip comes out exactly once.
     */
    @Test
    void brokerStoppedAndStartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        List<Camera> cameras;
        long spooledAtRestart;
        long capturedDuringOutage;
        double stopSeconds;
        double startSeconds;
        double outageSeconds;
        double catchUpSeconds;
        String bootstrap = broker.bootstrapServers();
        try (InferenceProcess app = InferenceProcess.start("inference-broker-outage", work, appSettings())) {
            // Started with the application: its first committed events, awaited next, show it running.
            cameras = startCameras("outage", 2, 200);
            try {
                await("the first committed events", () -> events(cameras, IsolationLevel.READ_COMMITTED).size() >= 2);
                long capturedAtStop = captured(cameras);
                long stopping = System.nanoTime();
                broker.close();
                stopSeconds = seconds(stopping);
                Thread.sleep(BROKER_OUTAGE.toMillis());
                spooledAtRestart = cameras.stream().mapToLong(c -> c.stats().spooled()).sum();
                capturedDuringOutage = captured(cameras) - capturedAtStop;
                long starting = System.nanoTime();
                broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), brokerDir());
                startSeconds = seconds(starting);
                outageSeconds = seconds(stopping);
                assertThat(broker.bootstrapServers()).as("broker address after the restart").isEqualTo(bootstrap);
                long back = System.nanoTime();
                stopAfterRecovery(cameras);
                awaitEveryFrameCommitted();
                catchUpSeconds = seconds(back);
                assertThat(app.isAlive()).as("the stream application, never restarted by the test").isTrue();
            } finally {
                cameras.forEach(Camera::stop);
            }
        }

        assertThat(capturedDuringOutage).as("frames captured while the broker was away").isPositive();
        assertThat(spooledAtRestart).as("frames spooled when the broker came back").isPositive();
        assertEveryFrameSent(cameras);
        List<ActionEvent> committed = events(cameras, IsolationLevel.READ_COMMITTED);
        assertEveryClipOnce(cameras, committed);
        assertNoDeadLetters(cameras);
        log.info("chaos broker outage: broker away {} s (stopping {} s, stopped {} s, starting {} s), {} frames "
                        + "captured meanwhile, {} spooled at its return, lost 0; every frame committed {} s after its "
                        + "return; {} events committed, duplicates 0", format(outageSeconds), format(stopSeconds),
                BROKER_OUTAGE.toSeconds(), format(startSeconds), capturedDuringOutage, spooledAtRestart,
                format(catchUpSeconds), committed.size());
    }

    /**
     * The registry killed (SIGKILL) and kept away for at least {@link #REGISTRY_OUTAGE} while frames flow, and
     * while clients that have cached nothing need it: the stream application is started during the outage (it must
     * fetch the frames' schema to read anything and register the event schema to write anything) and so is a new
     * camera (it must look up its schema id before it can send a frame). Restarted over its work directory, the
     * registry answers at the same URL with the same ids; the clients' retries carry them over the gap: no good
     * frame becomes a dead letter and every clip comes out exactly once.
     */
    @Test
    void registryDownForTwentySecondsDeadLettersNoGoodFrame() throws Exception {
        String url = registry.ccompatUrl();
        // One camera from before the outage (its schema id cached) and one started during it: every frame the
        // application has not read when the registry comes back is a backlog to catch up, so two cameras in all.
        List<Camera> cameras = new ArrayList<>(startCameras("registry-early", 1, 300));
        double outageSeconds;
        double startSeconds;
        double catchUpSeconds;
        long lateSpooled;
        int appRetries;
        int threadsReplaced;
        try {
            await("the early camera publishing", () -> cameras.stream().allMatch(c -> c.stats().sent() >= 10));
            ProcessHandle registryProcess = registry.processHandle();
            registryProcess.destroyForcibly();
            registryProcess.onExit().get(30, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            registry.close();
            try (InferenceProcess app = InferenceProcess.start("inference-registry-outage", work, appSettings())) {
                Camera late = startCameras("registry-late", 1, 400).get(0);
                cameras.add(late);
                // Both must have met the outage before it ends, however long their start takes.
                await("the stream application retrying the registry", () -> app.logContains(REGISTRY_RETRYING));
                await("the late camera spooling", () -> late.stats().spooled() > 0);
                long left = REGISTRY_OUTAGE.toNanos() - (System.nanoTime() - killed);
                if (left > 0) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left));
                }
                lateSpooled = late.stats().spooled();
                assertThat(late.stats().sent()).as("frames the late camera sent without its schema id").isZero();
                assertThat(recordsOf(Topics.ACTIONS, cameras)).as("events while no frame could be read").isZero();
                long starting = System.nanoTime();
                registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), registryDir());
                startSeconds = seconds(starting);
                outageSeconds = seconds(killed);
                assertThat(registry.ccompatUrl()).as("registry URL after the restart").isEqualTo(url);
                long back = System.nanoTime();
                stopAfterRecovery(cameras);
                awaitEveryFrameCommitted();
                catchUpSeconds = seconds(back);
                assertThat(app.isAlive()).as("the stream application").isTrue();
                appRetries = app.logCount(REGISTRY_RETRYING);
                threadsReplaced = app.logCount(THREAD_REPLACED);
            }
        } finally {
            cameras.forEach(Camera::stop);
        }

        assertEveryFrameSent(cameras);
        assertNoDeadLetters(cameras);
        List<ActionEvent> committed = events(cameras, IsolationLevel.READ_COMMITTED);
        assertEveryClipOnce(cameras, committed);
        log.info("chaos registry outage: registry away {} s (SIGKILL to ready again, its start {} s), stream "
                        + "application started during it logged {} retry warning(s) and replaced {} stream thread(s), "
                        + "late camera spooled {} frames; every frame committed {} s after its return; dead letters 0, "
                        + "{} events committed, duplicates 0", format(outageSeconds), format(startSeconds), appRetries,
                threadsReplaced, lateSpooled, format(catchUpSeconds), committed.size());
    }

    private static Map<String, String> appSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registry.ccompatUrl());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams").toString());
        settings.put(InferenceConfig.MODEL_DIR, MODEL_DIR.toString());
        settings.put(InferenceConfig.BATCH_MAX_CLIPS, "4");
        settings.put(InferenceConfig.BATCH_MAX_WAIT_MS, "50");
        settings.put(InferenceConfig.METRICS_PORT, "-1");
        // A killed member stays in the group until its session times out, and the group waits for it before giving
        // its partitions to the replacement: 10 s instead of the default 45 s keeps the test short.
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        return settings;
    }

    private static List<Camera> startCameras(String prefix, int count, long firstSeed) {
        List<Camera> cameras = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                CameraSettings settings = CameraSettings.of(prefix + "-" + i, broker.bootstrapServers(),
                        registry.ccompatUrl()).withFps(FPS);
                cameras.add(Camera.startSynthetic(settings, firstSeed + i, WIDTH, HEIGHT));
            }
        } catch (RuntimeException e) {
            cameras.forEach(Camera::stop);
            throw e;
        }
        return cameras;
    }

    /**
     * Once every camera has sent {@link #FRAMES_AFTER_RECOVERY} frames captured from now on (publishing goes on
     * after the broken part is back), stops them; stopping sends what is still spooled.
     */
    private static void stopAfterRecovery(List<Camera> cameras) throws InterruptedException {
        Map<Camera, Long> capturedNow = cameras.stream().collect(Collectors.toMap(c -> c, c -> c.stats().captured()));
        await("every camera publishing after the recovery", () -> cameras.stream()
                .allMatch(c -> c.stats().sent() >= capturedNow.get(c) + FRAMES_AFTER_RECOVERY));
        cameras.forEach(Camera::stop);
        for (Camera camera : cameras) {
            assertThat(camera.failure()).as("failure of camera %s", camera.settings().cameraId()).isEmpty();
        }
    }

    /** No frame failed or dropped: every frame a camera captured reached the broker. */
    private static void assertEveryFrameSent(List<Camera> cameras) {
        for (Camera camera : cameras) {
            CameraStats stats = camera.stats();
            String id = camera.settings().cameraId();
            assertThat(stats.failed()).as("failed frames of %s", id).isZero();
            assertThat(stats.dropped()).as("dropped frames of %s", id).isZero();
            assertThat(stats.sent()).as("sent frames of %s", id).isEqualTo(stats.captured());
        }
    }

    private static long captured(List<Camera> cameras) {
        return cameras.stream().mapToLong(c -> c.stats().captured()).sum();
    }

    /**
     * Waits until the application's committed position on frames.v1 is at its end: under exactly-once, offsets
     * commit in the transaction that writes what those frames produced, so every event they will ever give is then
     * committed and nothing more can come.
     */
    private static void awaitEveryFrameCommitted() throws InterruptedException {
        try (Admin admin = admin()) {
            await("the stream application committing every frame", () -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, Long> ends = endOffsets(admin, Topics.FRAMES, IsolationLevel.READ_UNCOMMITTED);
                return ends.entrySet().stream().allMatch(end -> end.getValue() == 0 || (committed.get(end.getKey())
                        != null && committed.get(end.getKey()).offset() >= end.getValue()));
            });
        }
    }

    /**
     * Whether a transaction of the (frozen) application with records on actions.v1 is open: a last stable offset
     * below the end. Asked twice, {@link #COMMIT_SETTLE} apart: a transaction whose commit the broker had already
     * accepted when the process froze still shows below the end until the broker has written its markers, which it
     * does without the producer; only one still below then stays open, and is aborted once its producer is dead.
     */
    private static boolean openTransactionOnActions(Admin admin) throws Exception {
        if (!lastStableBelowEnd(admin)) {
            return false;
        }
        Thread.sleep(COMMIT_SETTLE.toMillis());
        return lastStableBelowEnd(admin);
    }

    private static boolean lastStableBelowEnd(Admin admin) throws Exception {
        Map<TopicPartition, Long> stable = endOffsets(admin, Topics.ACTIONS, IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, Long> ends = endOffsets(admin, Topics.ACTIONS, IsolationLevel.READ_UNCOMMITTED);
        return stable.entrySet().stream().anyMatch(e -> e.getValue() < ends.get(e.getKey()));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic, IsolationLevel isolation)
            throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                .partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(10, TimeUnit.SECONDS)
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Every complete clip of every camera: exactly one event, by first sequence and by event id. */
    private static void assertEveryClipOnce(List<Camera> cameras, List<ActionEvent> events) {
        for (Camera camera : cameras) {
            String id = camera.settings().cameraId();
            long captured = camera.stats().captured();
            List<Long> expected = new ArrayList<>();
            for (long clip = 0; geometry.lastSequence(clip) < captured; clip++) {
                expected.add(geometry.firstSequence(clip));
            }
            List<ActionEvent> own = events.stream().filter(e -> e.getCameraId().equals(id)).toList();
            assertThat(own.stream().map(ActionEvent::getFirstSequence).sorted().toList())
                    .as("first sequences of %s's events: each complete clip of its %d frames once", id, captured)
                    .isEqualTo(expected);
            assertThat(own.stream().map(ActionEvent::getEventId).distinct().count())
                    .as("distinct event ids of %s", id).isEqualTo(expected.size());
        }
    }

    private static void assertNoDeadLetters(List<Camera> cameras) throws Exception {
        assertThat(recordsOf(Topics.DEAD_LETTERS, cameras)).as("dead letters of good frames").isZero();
    }

    /** Committed records of {@code topic} keyed by one of the cameras, read without the registry. */
    private static long recordsOf(String topic, List<Camera> cameras) {
        Set<String> ids = cameraIds(cameras);
        return read(topic, IsolationLevel.READ_COMMITTED, record -> record).stream()
                .filter(r -> r.key() != null && ids.contains(new String(r.key(), StandardCharsets.UTF_8))).count();
    }

    /** The events of the cameras on actions.v1, as a consumer with {@code isolation} reads them. */
    private static List<ActionEvent> events(List<Camera> cameras, IsolationLevel isolation) {
        Set<String> ids = cameraIds(cameras);
        try (Serde<ActionEvent> serde = AvroSerdes.specific(ActionEvent.class,
                Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registry.ccompatUrl()), false)) {
            return read(Topics.ACTIONS, isolation, r -> serde.deserializer().deserialize(r.topic(), r.value()))
                    .stream().filter(e -> ids.contains(e.getCameraId())).toList();
        }
    }

    private static Set<String> cameraIds(List<Camera> cameras) {
        return cameras.stream().map(c -> c.settings().cameraId()).collect(Collectors.toSet());
    }

    /** Every record of {@code topic} from its beginning to its end (for read_committed: its last stable offset). */
    private static <T> List<T> read(String topic, IsolationLevel isolation,
                                    Function<ConsumerRecord<byte[], byte[]>, T> convert) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-it-reader-" + UUID.randomUUID());
        List<T> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("%s read to its end within %s", topic, WAIT).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(convert.apply(r)));
            }
        }
        return read;
    }

    /** A condition that may throw: an exception counts as "not yet" (a broker or registry on its way back). */
    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + WAIT + ": " + what + (last == null ? "" : " (last error: " + last + ")"),
                last);
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static String format(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static Path brokerDir() {
        return work.resolve("kafka");
    }

    private static Path registryDir() {
        return work.resolve("registry");
    }
}
