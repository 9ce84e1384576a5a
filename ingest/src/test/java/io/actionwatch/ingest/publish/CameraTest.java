package io.actionwatch.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.source.FrameSource;
import io.actionwatch.ingest.source.SourceFrame;
import io.actionwatch.ingest.source.SyntheticSource;
import io.actionwatch.ingest.spool.FrameSpool;
import io.actionwatch.ingest.spool.SpoolSettings;
import io.actionwatch.schemas.FrameLimits;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.PayloadErrorKind;
import io.actionwatch.serde.PayloadException;
import io.actionwatch.topics.Topics;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class CameraTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A clock that advances 66 ms each time it is read, so every frame gets its own capture time. */
    private static final class TickingClock extends Clock {
        private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public long millis() {
            return millis.getAndAdd(66);
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static MockProducer<String, VideoFrame> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), (topic, frame) -> new byte[0]);
    }

    private static CameraSettings settings(long frames) {
        return CameraSettings.of("cam-7", "unused:9092", "http://unused").withFps(0).withFramesLimit(frames);
    }

    private static SyntheticSource synthetic() {
        return new SyntheticSource(new SceneSettings(160, 120, 15, 4, true));
    }

    @Test
    void publishesDenseSequencesWithCaptureTimeAsTimestamp() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(true);
        try (Camera camera = Camera.start(settings(30), synthetic(), producer, new TickingClock())) {
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            assertThat(camera.failure()).isEmpty();
            assertThat(camera.stats()).isEqualTo(new CameraStats(30, 30, 0, 0, 0, camera.stats().bytesSent(), 30));
        }
        List<ProducerRecord<String, VideoFrame>> records = producer.history();
        assertThat(records).hasSize(30);
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, VideoFrame> r = records.get(i);
            VideoFrame frame = r.value();
            assertThat(r.topic()).isEqualTo(Topics.FRAMES);
            assertThat(r.key()).isEqualTo("cam-7");
            assertThat(frame.getCameraId()).isEqualTo("cam-7");
            assertThat(frame.getSequence()).isEqualTo(i);
            assertThat(r.timestamp()).isEqualTo(frame.getCaptureTime().toEpochMilli());
            if (i > 0) {
                assertThat(frame.getCaptureTime()).isAfter(records.get(i - 1).value().getCaptureTime());
            }
            assertThat(frame.getCodec()).isEqualTo("jpeg");
            assertThat(Action.labels()).contains(frame.getMetadata().get("label"));
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes(frame.getData())));
            assertThat(decoded.getWidth()).isEqualTo(frame.getWidth()).isEqualTo(160);
            assertThat(decoded.getHeight()).isEqualTo(frame.getHeight()).isEqualTo(120);
        }
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void startsAtTheGivenSequence() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(true);
        try (Camera camera = Camera.start(settings(3).withStartSequence(100), synthetic(), producer,
                new TickingClock())) {
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            assertThat(camera.stats().nextSequence()).isEqualTo(103);
        }
        assertThat(producer.history()).extracting(r -> r.value().getSequence()).containsExactly(100L, 101L, 102L);
    }

    @Test
    void deliveryFailuresAreCounted() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(false);
        try (Camera camera = Camera.start(settings(5), synthetic(), producer, new TickingClock())) {
            awaitTrue(() -> producer.history().size() == 5);
            assertThat(camera.stats().inFlight()).isEqualTo(5);
            producer.errorNext(new TimeoutException("broker away"));
            producer.completeNext();
            producer.errorNext(new TimeoutException("broker away"));
            producer.completeNext();
            producer.completeNext();
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            CameraStats stats = camera.stats();
            assertThat(stats.sent()).isEqualTo(3);
            assertThat(stats.failed()).isEqualTo(2);
            assertThat(stats.inFlight()).isZero();
        }
    }

    @Test
    void anUnreachableRegistryHoldsFramesInTheSpoolUntilItAnswers() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(true);
        producer.sendException = new PayloadException(PayloadErrorKind.REGISTRY_UNAVAILABLE, "registry down");
        try (Camera camera = Camera.start(settings(4), synthetic(), producer, new TickingClock())) {
            awaitTrue(() -> camera.stats().captured() == 4);
            Thread.sleep(300);
            assertThat(camera.stats().sent()).isZero();
            assertThat(camera.stats().failed()).isZero();
            assertThat(camera.stats().spooled()).isEqualTo(4);
            producer.sendException = null;
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            assertThat(camera.stats().sent()).isEqualTo(4);
        }
        assertThat(producer.history()).extracting(r -> r.value().getSequence()).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void anUnreachableBrokerNeverHoldsUpCaptureAndTheSpoolKeepsTheNewestFrames() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(true);
        producer.partitionsForException = new TimeoutException("no broker");
        // Room for about five small frames in memory: of twenty, the newest five survive the outage.
        CountingSource source = new CountingSource(20);
        CameraSettings settings = settings(20).withSpool(SpoolSettings.inMemory(5 * CountingSource.FRAME_COST));
        try (Camera camera = Camera.start(settings, source, producer, new TickingClock())) {
            awaitTrue(() -> camera.stats().captured() == 20);
            assertThat(camera.stats().dropped()).isEqualTo(15);
            assertThat(camera.stats().sent()).isZero();
            producer.partitionsForException = null;
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            CameraStats stats = camera.stats();
            assertThat(stats.sent()).isEqualTo(5);
            assertThat(stats.captured()).isEqualTo(stats.sent() + stats.dropped());
        }
        assertThat(producer.history()).extracting(r -> r.value().getSequence())
                .containsExactly(15L, 16L, 17L, 18L, 19L);
    }

    @Test
    void framesCarryTheCamerasEpoch() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(true);
        try (Camera camera = Camera.start(settings(3), synthetic(), producer, new TickingClock())) {
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            assertThat(producer.history()).extracting(r -> r.value().getEpoch()).containsOnly(camera.epoch());
            assertThat(camera.epoch()).isGreaterThan(1_700_000_000_000L - 1);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void sendExceptionsAreCountedAndTheCameraGoesOn() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(true);
        producer.sendException = new SerializationException("registry unavailable");
        try (Camera camera = Camera.start(settings(4), synthetic(), producer, new TickingClock())) {
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            assertThat(camera.stats().captured()).isEqualTo(4);
            assertThat(camera.stats().failed()).isEqualTo(4);
            assertThat(camera.stats().sent()).isZero();
        }
    }

    @Test
    void oversizeFramesAreRefusedBeforeSending() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(true);
        try (Camera camera = Camera.start(settings(1).withJpegQuality(100), new NoiseSource(3000, 3000), producer,
                new TickingClock())) {
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            assertThat(camera.stats().failed()).isEqualTo(1);
            assertThat(camera.stats().nextSequence()).isEqualTo(1);
        }
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void framesWithMetadataPastTheContractAreRefusedBeforeSending() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(true);
        CountingSource source = new CountingSource(4) {
            @Override
            public SourceFrame next() throws IOException {
                SourceFrame frame = super.next();
                if (frame == null || !frame.metadata().get("n").equals("1")) {
                    return frame;
                }
                Map<String, String> tooMany = new java.util.HashMap<>(frame.metadata());
                for (int i = 0; i < FrameLimits.MAX_METADATA_ENTRIES; i++) {
                    tooMany.put("extra." + i, "x");
                }
                return new SourceFrame(frame.image(), tooMany);
            }
        };
        try (Camera camera = Camera.start(settings(0), source, producer, new TickingClock())) {
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            assertThat(camera.stats().captured()).isEqualTo(4);
            assertThat(camera.stats().failed()).isEqualTo(1);
        }
        assertThat(producer.history()).extracting(r -> r.value().getSequence()).containsExactly(0L, 2L, 3L);
    }

    @Test
    void stopEndsAnEndlessPacedCamera() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(true);
        Camera camera = Camera.start(settings(0).withFps(50), synthetic(), producer, new TickingClock());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (camera.stats().sent() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(camera.isRunning()).isTrue();
        camera.stop();
        assertThat(camera.isRunning()).isFalse();
        assertThat(producer.closed()).isTrue();
        assertThat(camera.stats().captured()).isGreaterThanOrEqualTo(3).isEqualTo(producer.history().size());
    }

    @Test
    void aSourceThatEndsEndsTheCamera() throws Exception {
        MockProducer<String, VideoFrame> producer = producer(true);
        try (Camera camera = Camera.start(settings(0), new CountingSource(3), producer, new TickingClock())) {
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            assertThat(camera.stats().captured()).isEqualTo(3);
        }
        assertThat(producer.history()).extracting(r -> r.value().getMetadata().get("n"))
                .containsExactly("0", "1", "2");
    }

    @Test
    void aFailingSourceIsReportedAsTheCamerasFailure() throws Exception {
        FrameSource broken = new CountingSource(0) {
            @Override
            public SourceFrame next() throws IOException {
                throw new IOException("disk gone");
            }
        };
        try (Camera camera = Camera.start(settings(0), broken, producer(true), new TickingClock())) {
            assertThat(camera.awaitCompletion(WAIT)).isTrue();
            assertThat(camera.failure()).get().extracting(Throwable::getMessage).isEqualTo("disk gone");
        }
    }

    @Test
    void producerIsTunedForFrames() {
        Map<String, Object> config = FrameProducerConfig.forCamera(CameraSettings.of("c", "b:1", "http://r")
                .withProducerOverrides(Map.of("linger.ms", 20)));
        assertThat(config).containsEntry("enable.idempotence", true).containsEntry("acks", "all")
                .containsEntry("compression.type", "none")
                .containsEntry("max.request.size", Topics.MAX_FRAME_RECORD_BYTES)
                .containsEntry("linger.ms", 20).containsEntry("schema.registry.url", "http://r")
                .containsEntry("bootstrap.servers", "b:1");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** Frames of random noise: JPEG's worst case. */
    private static final class NoiseSource implements FrameSource {
        private final BufferedImage image;

        NoiseSource(int width, int height) {
            image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            new Random(1).nextBytes(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
        }

        @Override
        public SourceFrame next() {
            return new SourceFrame(image, Map.of());
        }

        @Override
        public String describe() {
            return "noise";
        }

        @Override
        public void close() {
        }
    }

    /** n small frames, numbered in metadata, then the end. */
    private static class CountingSource implements FrameSource {
        /** What one of its frames costs in the spool: the same blank image, so the same JPEG, every time. */
        static final long FRAME_COST = cost();
        private final int frames;
        private final BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_3BYTE_BGR);
        private int next;

        CountingSource(int frames) {
            this.frames = frames;
        }

        @Override
        public SourceFrame next() throws IOException {
            return next < frames ? new SourceFrame(image, Map.of("n", Integer.toString(next++))) : null;
        }

        @Override
        public String describe() {
            return "counting";
        }

        private static long cost() {
            try (io.actionwatch.ingest.encode.JpegEncoder encoder = io.actionwatch.ingest.encode.JpegEncoder
                    .withPercent(CameraSettings.DEFAULT_JPEG_QUALITY)) {
                byte[] jpeg = encoder.encode(new BufferedImage(32, 24, BufferedImage.TYPE_3BYTE_BGR));
                return FrameSpool.sizeOf(new VideoFrame("cam-7", 10L, Instant.EPOCH, "jpeg", 32, 24,
                        ByteBuffer.wrap(jpeg), Map.of("n", "10"), 1L));
            }
        }

        @Override
        public void close() {
        }
    }
}
