package io.actionwatch.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.source.SyntheticSource;
import io.actionwatch.ingest.spool.SpoolSettings;
import io.actionwatch.ingest.video.FfmpegSource;
import io.actionwatch.ingest.video.TestVideos;
import io.actionwatch.ingest.video.VideoInput;
import io.actionwatch.ingest.video.VideoSourceSettings;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.RegistryAvroDeserializer;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.stack.broker.KafkaBroker;
import io.actionwatch.stack.net.FreePorts;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cameras against real outages, on a real broker (a child process, so it can be stopped and started again on its
 * ports and data) and a real registry: a broker away for ten seconds, an RTSP stream cut mid-way, and a video file
 * published with its own timing.
 */
class CameraResilienceIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path RTSP_SERVER = Path.of("src/test/resources/rtsp/rtsp_server.py").toAbsolutePath();

    @TempDir
    static Path work;

    private static ApicurioRegistry registry;
    private static KafkaBroker broker;

    @BeforeAll
    static void startServices() {
        registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), work.resolve("registry"));
        broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), work.resolve("broker"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            new TopicProvisioner(admin, Duration.ofSeconds(60)).provision(Topics.all(1, (short) 1));
        }
    }

    @AfterAll
    static void stopServices() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }

    private static CameraSettings camera(String id, double fps) {
        return CameraSettings.of(id, broker.bootstrapServers(), registry.ccompatUrl()).withFps(fps);
    }

    private static SyntheticSource scene(long seed) {
        return new SyntheticSource(new SceneSettings(160, 120, 20, seed, true));
    }

    @Test
    void aBrokerAwayForTenSecondsLosesNoSpooledFrameAndDropsBeyondTheBoundAreCounted() throws Exception {
        // Camera "roomy" keeps everything in its default 64 MiB spool; camera "tight" has room for about 1.5 s of
        // its frames, so most of the outage must be dropped, oldest first, and counted.
        Camera roomy = Camera.start(camera("outage-roomy", 20), scene(1));
        Camera tight = Camera.start(camera("outage-tight", 20).withSpool(SpoolSettings.inMemory(96 * 1024)),
                scene(2));
        try {
            awaitTrue(() -> roomy.stats().sent() >= 30 && tight.stats().sent() >= 30);
            broker.close();
            long capturedAtStop = roomy.stats().captured();
            Thread.sleep(10_000);
            // Capture went on at its own pace while nothing could be sent.
            assertThat(roomy.stats().captured() - capturedAtStop).isGreaterThan(150);
            assertThat(tight.stats().dropped()).isGreaterThan(0);
            broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), work.resolve("broker"));
            long capturedAtRestart = roomy.stats().captured();
            awaitTrue(() -> roomy.stats().sent() > capturedAtRestart + 20 && tight.stats().sent()
                    > tight.stats().dropped() + 60);
        } finally {
            roomy.stop();
            tight.stop();
        }

        CameraStats roomyStats = roomy.stats();
        assertThat(roomyStats.dropped()).isZero();
        assertThat(roomyStats.failed()).isZero();
        assertThat(roomyStats.sent()).isEqualTo(roomyStats.captured());
        CameraStats tightStats = tight.stats();
        assertThat(tightStats.failed()).isZero();
        assertThat(tightStats.dropped()).isGreaterThan(100);
        assertThat(tightStats.sent() + tightStats.dropped()).isEqualTo(tightStats.captured());

        List<VideoFrame> roomyFrames = framesOf("outage-roomy");
        assertThat(roomyFrames).extracting(VideoFrame::getSequence)
                .containsExactlyElementsOf(range(0, roomyStats.captured()));
        long largestCaptureGap = 0;
        for (int i = 1; i < roomyFrames.size(); i++) {
            largestCaptureGap = Math.max(largestCaptureGap, roomyFrames.get(i).getCaptureTime().toEpochMilli()
                    - roomyFrames.get(i - 1).getCaptureTime().toEpochMilli());
        }
        assertThat(largestCaptureGap).as("capture never waited for the broker").isLessThan(1_000);

        List<Long> tightSequences = framesOf("outage-tight").stream().map(VideoFrame::getSequence).toList();
        assertThat(tightSequences).doesNotHaveDuplicates().isSorted().hasSize((int) tightStats.sent());
        assertThat(tightStats.captured() - tightSequences.size()).as("missing sequence numbers = drops")
                .isEqualTo(tightStats.dropped());
    }

    @Test
    void anRtspStreamCutMidWayIsResumedByTheCamera() throws Exception {
        int port = FreePorts.next();
        String url = "rtsp://127.0.0.1:" + port + "/live";
        Process server = startRtspServer(port);
        FfmpegSource source = new FfmpegSource(VideoSourceSettings.of(VideoInput.rtsp(url)).withMaxFps(10)
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)));
        Camera camera = Camera.start(camera("rtsp-cam", 10), source);
        long cutAt;
        long resumedAt;
        try {
            awaitTrue(() -> camera.stats().sent() >= 20);
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            cutAt = System.currentTimeMillis();
            awaitTrue(() -> source.drops() >= 1);
            Thread.sleep(2_000);
            server = startRtspServer(port);
            resumedAt = System.currentTimeMillis();
            long sentAtResume = camera.stats().sent();
            awaitTrue(() -> source.reconnects() >= 1 && camera.stats().sent() >= sentAtResume + 20);
        } finally {
            camera.stop();
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(camera.failure()).isEmpty();
        List<VideoFrame> frames = framesOf("rtsp-cam");
        assertThat(frames).extracting(VideoFrame::getSequence)
                .containsExactlyElementsOf(range(0, camera.stats().captured()));
        assertThat(frames).allSatisfy(f -> {
            assertThat(f.getWidth()).isEqualTo(320);
            assertThat(f.getHeight()).isEqualTo(240);
        });
        long before = frames.stream().filter(f -> f.getCaptureTime().toEpochMilli() < cutAt).count();
        long after = frames.stream().filter(f -> f.getCaptureTime().toEpochMilli() > resumedAt).count();
        assertThat(before).isGreaterThanOrEqualTo(20);
        assertThat(after).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aVideoFileIsPublishedWithItsFrameCountSizeAndTiming() throws Exception {
        Path video = TestVideos.encode(work.resolve("clip.mkv"), "mpeg4", 640, 360, 25, 50);
        FfmpegSource source = new FfmpegSource(VideoSourceSettings.of(VideoInput.file(video)).withRealTime(false)
                .withBox(320, 240));
        CameraStats stats = Camera.publish(camera("file-cam", 0).withFramesLimit(1_000), source);
        assertThat(stats.captured()).isEqualTo(50);
        assertThat(stats.sent()).isEqualTo(50);
        List<VideoFrame> frames = framesOf("file-cam");
        assertThat(frames).hasSize(50);
        long first = frames.get(0).getCaptureTime().toEpochMilli();
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame frame = frames.get(i);
            assertThat(frame.getSequence()).isEqualTo(i);
            assertThat(frame.getWidth()).isEqualTo(320);
            assertThat(frame.getHeight()).isEqualTo(180);
            assertThat(frame.getCaptureTime().toEpochMilli() - first).isEqualTo(i * 40L);
        }
    }

    private static Process startRtspServer(int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/python3", RTSP_SERVER.toString(), Integer.toString(port),
                "320", "240", "15").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"READY".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("the RTSP test server did not start (needs Debian's python3-gi and "
                    + "gir1.2-gst-rtsp-server-1.0, which ./run-tests installs): " + line);
        }
        // Keep draining its output so a chatty server never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded: the test asserts on what the camera received
                }
            } catch (IOException ended) {
                // The server was killed by the test.
            }
        }, "rtsp-server-output");
        drain.setDaemon(true);
        drain.start();
        return process;
    }

    private static List<VideoFrame> framesOf(String cameraId) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        RegistryAvroDeserializer<VideoFrame> values = new RegistryAvroDeserializer<>(VideoFrame.class);
        values.configure(Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registry.ccompatUrl()), false);
        List<VideoFrame> frames = new ArrayList<>();
        try (KafkaConsumer<String, VideoFrame> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FRAMES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read frames.v1 to its end in " + WAIT);
                }
                for (ConsumerRecord<String, VideoFrame> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(cameraId)) {
                        assertThat(record.timestamp()).isEqualTo(record.value().getCaptureTime().toEpochMilli());
                        frames.add(record.value());
                    }
                }
            }
        }
        return frames;
    }

    private static List<Long> range(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
