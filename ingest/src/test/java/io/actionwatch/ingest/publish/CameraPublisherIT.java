package io.actionwatch.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.source.SyntheticSource;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.RegistryAvroDeserializer;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cameras publishing to a real broker through the real registry, read back as a downstream consumer would. */
class CameraPublisherIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private static KafkaClusterTestKit cluster;
    private static ApicurioRegistry registry;

    @BeforeAll
    static void startServices() throws Exception {
        registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), work);
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("message.max.bytes", Integer.toString(Topics.MAX_FRAME_RECORD_BYTES + 256 * 1024))
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = cluster.admin()) {
            new TopicProvisioner(admin, TIMEOUT).provision(Topics.all(1, (short) 1));
        }
    }

    @AfterAll
    static void stopServices() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }

    private static CameraSettings camera(String id) {
        return CameraSettings.of(id, cluster.bootstrapServers(), registry.ccompatUrl());
    }

    private static SyntheticSource scene(long seed) {
        return new SyntheticSource(new SceneSettings(320, 240, 15, seed, true));
    }

    @Test
    void framesArriveInOrderReadableThroughTheRegistry() throws Exception {
        int n = 40;
        CameraStats stats = Camera.publish(camera("it-cam-a").withFps(0).withFramesLimit(n), scene(1));
        assertThat(stats.sent()).isEqualTo(n);
        assertThat(stats.failed()).isZero();

        List<ConsumerRecord<String, VideoFrame>> records = readAll(Topics.FRAMES, "it-cam-a", n);
        assertThat(records).hasSize(n);
        for (int i = 0; i < n; i++) {
            ConsumerRecord<String, VideoFrame> r = records.get(i);
            VideoFrame frame = r.value();
            assertThat(r.key()).isEqualTo("it-cam-a");
            assertThat(frame.getSequence()).isEqualTo(i);
            assertThat(r.timestamp()).isEqualTo(frame.getCaptureTime().toEpochMilli());
            assertThat(Action.labels()).contains(frame.getMetadata().get("label"));
            assertThat(frame.getMetadata()).containsKey("posture");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes(frame.getData())));
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isEqualTo(320);
            assertThat(image.getHeight()).isEqualTo(240);
        }

        HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(subjects.body()).contains(Topics.FRAMES + "-value");
    }

    @Test
    void pacedCameraSpreadsCaptureTimesAtItsFrameRate() throws Exception {
        int n = 10;
        CameraStats stats = Camera.publish(camera("it-cam-paced").withFps(20).withFramesLimit(n)
                .withStartSequence(500), scene(2));
        assertThat(stats.sent()).isEqualTo(n);
        List<ConsumerRecord<String, VideoFrame>> records = readAll(Topics.FRAMES, "it-cam-paced", n);
        assertThat(records).extracting(r -> r.value().getSequence())
                .containsExactly(500L, 501L, 502L, 503L, 504L, 505L, 506L, 507L, 508L, 509L);
        long span = records.get(n - 1).timestamp() - records.get(0).timestamp();
        // 9 periods of 50 ms; generous bounds, this machine is shared.
        assertThat(span).isBetween(350L, 5_000L);
    }

    @Test
    void anUnreachableBrokerSpoolsFramesAndAStopCountsThoseItCouldNotSend() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        CameraSettings settings = CameraSettings.of("it-cam-lost", "127.0.0.1:" + deadPort, registry.ccompatUrl())
                .withFps(0).withFramesLimit(3)
                .withProducerOverrides(Map.of("max.block.ms", 500, "request.timeout.ms", 1000, "linger.ms", 0));
        Camera camera = Camera.start(settings, scene(3));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        // A frame is counted as captured before it is encoded and put in the spool: wait for both counts.
        while ((camera.stats().captured() < 3 || camera.stats().spooled() < 3) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // Capture finished without the broker; the frames wait in the spool instead of failing.
        assertThat(camera.stats().captured()).isEqualTo(3);
        assertThat(camera.stats().spooled()).isEqualTo(3);
        assertThat(camera.stats().failed()).isZero();
        assertThat(camera.isRunning()).as("still waiting to deliver").isTrue();
        camera.stop();
        assertThat(camera.stats().failed()).as("counted as failed once the camera gave up at stop").isEqualTo(3);
        assertThat(camera.stats().sent()).isZero();
    }

    @Test
    void cameraCommandPublishesFrames() {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = io.actionwatch.ingest.cli.IngestCli.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        int code = cli.execute("camera", "--camera-id", "it-cam-cli", "--fps", "0", "--frames", "6",
                "--width", "160", "--height", "120", "--seed", "9",
                "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url", registry.ccompatUrl());
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("camera=it-cam-cli captured=6 sent=6 failed=0 dropped=0 nextSequence=6");
        List<ConsumerRecord<String, VideoFrame>> records = readAll(Topics.FRAMES, "it-cam-cli", 6);
        assertThat(records).extracting(r -> r.value().getWidth()).containsOnly(160);
        assertThat(records).extracting(r -> r.value().getSequence()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    private static List<ConsumerRecord<String, VideoFrame>> readAll(String topic, String key, int expected) {
        RegistryAvroDeserializer<VideoFrame> values = new RegistryAvroDeserializer<>(VideoFrame.class);
        values.configure(Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registry.ccompatUrl()), false);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_FRAME_RECORD_BYTES,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, VideoFrame>> out = new ArrayList<>();
        try (KafkaConsumer<String, VideoFrame> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                values)) {
            // Assigned, not subscribed: no consumer group to wait for; frames.v1 has one partition here.
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, VideoFrame> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
