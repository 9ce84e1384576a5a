package io.actionwatch.launcher;

import io.actionwatch.security.Role;

import io.actionwatch.config.LayeredConfig;
import io.actionwatch.inference.app.InferenceApp;
import io.actionwatch.inference.app.InferenceConfig;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default stopped and started again over the same work directory (issue 10), on the real broker and
 * registry JVMs: records the first run wrote stay decodable with their original schema ids, and after a first run
 * that received odd frames (a capture time in 2100, a 10,000-character camera id, a frame of an old epoch for a
 * live camera) the second run resumes events.
 */
class RestartOverWorkDirIT {

    private static final Path MODEL_DIR = Path.of("..", "model", "reference");
    private static final Instant YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z");
    /** Frames of the odd camera: enough for two clips of the reference card (16 camera frames each). */
    private static final int ODD_FRAMES = 40;
    /** The odd camera's frames before its capture times jump to 2100. */
    private static final int IN_TIME_FRAMES = 8;
    private static final Duration EVENTS_BOUND = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void restartKeepsSchemaIdsAndResumesEventsAfterOddInput() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> firstRunEvents;
        List<ConsumerRecord<byte[], byte[]>> firstRunLetters;
        try (Run run = Run.start(work)) {
            assertThat(run.awaitRecords(Topics.ACTIONS, EVENTS_BOUND, records -> !records.isEmpty()))
                    .as("events of the first run").isNotEmpty();
            run.sendOddFrames();
            // Every odd frame is refused at intake, in committed transactions; before the fix the year-2100 clip's
            // event failed the transaction that held them, and these never appeared.
            firstRunLetters = run.awaitRecords(Topics.DEAD_LETTERS, EVENTS_BOUND,
                    records -> records.size() >= ODD_FRAMES - IN_TIME_FRAMES + 2);
            assertThat(firstRunLetters.stream().map(r -> run.deadLetter(r).getErrorKind()).toList())
                    .containsOnly("FUTURE_CAPTURE_TIME", "INVALID_CAMERA_ID", "STALE_EPOCH")
                    .containsOnlyOnce("INVALID_CAMERA_ID", "STALE_EPOCH")
                    .hasSize(ODD_FRAMES - IN_TIME_FRAMES + 2);
            firstRunEvents = run.awaitRecords(Topics.ACTIONS, Duration.ZERO, records -> true);
            assertThat(run.app.streams().state()).as("stream application after the odd input")
                    .isEqualTo(KafkaStreams.State.RUNNING);
        }

        long restarted = System.nanoTime();
        List<ConsumerRecord<byte[], byte[]>> firstRunRecords = new ArrayList<>(firstRunEvents);
        firstRunRecords.addAll(firstRunLetters);
        // Checked before the stream application and cameras register anything: a registry that forgot its schemas
        // would hand the same ids out again in the same order, and old records would decode by luck.
        try (Run run = Run.start(work, infrastructure -> assertDecodableWithOriginalIds(infrastructure, firstRunRecords))) {
            List<ConsumerRecord<byte[], byte[]>> events = run.awaitRecords(Topics.ACTIONS, Duration.ZERO, r -> true);
            int before = events.size();
            List<ConsumerRecord<byte[], byte[]>> resumed = run.awaitRecords(Topics.ACTIONS, EVENTS_BOUND,
                    records -> records.size() > before);
            assertThat(resumed).as("events after the restart within %s", EVENTS_BOUND).hasSizeGreaterThan(before);
            System.out.printf("restart: first new event %.1f s after the restart began%n",
                    (System.nanoTime() - restarted) / 1e9);
        }
    }

    /** Each record read back from its topic, with the same schema id, decodes to the same value as before. */
    private static void assertDecodableWithOriginalIds(LocalInfrastructure infrastructure,
                                                       List<ConsumerRecord<byte[], byte[]>> earlier) {
        Map<String, Object> serdeConfig = Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL,
                infrastructure.schemaRegistryUrl(), RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        try (Serde<ActionEvent> events = AvroSerdes.specific(ActionEvent.class, serdeConfig, false);
             Serde<DeadLetter> letters = AvroSerdes.specific(DeadLetter.class, serdeConfig, false)) {
            Map<String, ConsumerRecord<byte[], byte[]>> now = new HashMap<>();
            for (String topic : List.of(Topics.ACTIONS, Topics.DEAD_LETTERS)) {
                readAll(infrastructure, topic).forEach(r -> now.put(position(r), r));
            }
            assertThat(earlier).as("first-run records").isNotEmpty();
            for (ConsumerRecord<byte[], byte[]> record : earlier) {
                ConsumerRecord<byte[], byte[]> again = now.get(position(record));
                assertThat(again).as("record %s after the restart", position(record)).isNotNull();
                assertThat(schemaId(again.value())).as("schema id of %s", position(record))
                        .isEqualTo(schemaId(record.value()));
                Serde<?> serde = record.topic().equals(Topics.ACTIONS) ? events : letters;
                assertThat(serde.deserializer().deserialize(record.topic(), again.value()))
                        .as("%s decoded through the restarted registry", position(record))
                        .isEqualTo(serde.deserializer().deserialize(record.topic(), record.value()));
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(LocalInfrastructure infrastructure, String topic) {
        return awaitRecords(infrastructure, topic, Duration.ZERO, records -> true);
    }

    /**
     * Reads {@code topic} from the beginning, read_committed, until {@code done} holds for what was read or the
     * timeout passes (with a zero timeout: up to the end offsets), and returns every record read, by partition and
     * offset.
     */
    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(LocalInfrastructure infrastructure, String topic,
            Duration timeout, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
                        while (true) {
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
                if (timeout.isZero()) {
                    // Read up to the end offsets known now, then stop.
                    boolean caughtUp = !consumer.assignment().isEmpty() && consumer.endOffsets(consumer.assignment())
                            .entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (caughtUp) {
                        break;
                    }
                } else if (done.test(read) || System.nanoTime() > deadline) {
                    break;
                }
            }
        }
        read.sort(java.util.Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return read;
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static int schemaId(byte[] value) {
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    /** One run of the embedded default's parts: broker, registry, topics, stream application, two cameras. */
    private static final class Run implements AutoCloseable {
        final LocalInfrastructure infrastructure;
        final InferenceApp app;
        final SyntheticCameras cameras;
        final Serde<ActionEvent> events;
        final Serde<DeadLetter> letters;

        private Run(LocalInfrastructure infrastructure, InferenceApp app, SyntheticCameras cameras) {
            this.infrastructure = infrastructure;
            this.app = app;
            this.cameras = cameras;
            Map<String, Object> serdeConfig = Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL,
                    infrastructure.schemaRegistryUrl());
            this.events = AvroSerdes.specific(ActionEvent.class, serdeConfig, false);
            this.letters = AvroSerdes.specific(DeadLetter.class, serdeConfig, false);
        }

        static Run start(Path work) {
            return start(work, infrastructure -> { });
        }

        /** Runs {@code beforeClients} on the infrastructure before the stream application and cameras start. */
        static Run start(Path work, Consumer<LocalInfrastructure> beforeClients) {
            LocalInfrastructure infrastructure = LocalInfrastructure.start(work, Topics.all(2, (short) 1));
            InferenceApp app = null;
            try {
                beforeClients.accept(infrastructure);
                Properties layered = LayeredConfig.load(InferenceConfig.CLASSPATH_DEFAULTS, Optional.empty(), Map.of(),
                        InferenceConfig.ENV_PREFIX, InferenceConfig.knownKeys());
                layered.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
                layered.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, infrastructure.schemaRegistryUrl());
                layered.put(InferenceConfig.MODEL_DIR, MODEL_DIR.toString());
                layered.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams").toString());
                app = InferenceApp.create(new InferenceConfig(layered)).start();
                SyntheticCameras cameras = SyntheticCameras.start(2, 15, 1, 1,
                        infrastructure.clientSettings(Role.CAMERA));
                return new Run(infrastructure, app, cameras);
            } catch (RuntimeException | AssertionError e) {
                if (app != null) {
                    app.close();
                }
                infrastructure.close();
                throw e;
            }
        }

        ActionEvent event(ConsumerRecord<byte[], byte[]> record) {
            return events.deserializer().deserialize(record.topic(), record.value());
        }

        DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record) {
            return letters.deserializer().deserialize(record.topic(), record.value());
        }

        /**
         * Odd frames as a producer outside the project could send them: camera odd-1 whose frames from the
         * ninth on say they were captured in 2100 (the record timestamp is the send time: the broker refuses
         * records more than an hour ahead), a camera id of 10,000 characters, and a frame of cam-1 with an
         * epoch older than its live one.
         */
        void sendOddFrames() throws Exception {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            Map<String, Object> serdeConfig = Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL,
                    infrastructure.schemaRegistryUrl());
            byte[] jpeg = jpeg();
            long epoch = System.currentTimeMillis();
            Instant start = Instant.now();
            try (Serde<VideoFrame> frames = AvroSerdes.specific(VideoFrame.class, serdeConfig, false);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                         new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                for (int sequence = 0; sequence < ODD_FRAMES; sequence++) {
                    // In time: captured before being sent, as by any camera.
                    Instant captured = sequence < IN_TIME_FRAMES
                            ? start.minusMillis((IN_TIME_FRAMES - sequence) * 66L) : YEAR_2100.plusMillis(sequence * 66L);
                    send(producer, frames, frame("odd-1", sequence, epoch, captured, jpeg));
                }
                send(producer, frames, frame("c".repeat(10_000), 0, epoch, start, jpeg));
                send(producer, frames, frame("cam-1", 0, 1, start, jpeg));
                producer.flush();
            }
        }

        private static void send(KafkaProducer<String, byte[]> producer, Serde<VideoFrame> frames, VideoFrame frame)
                throws Exception {
            producer.send(new ProducerRecord<>(Topics.FRAMES, frame.getCameraId(),
                    frames.serializer().serialize(Topics.FRAMES, frame))).get();
        }

        private static VideoFrame frame(String camera, long sequence, long epoch, Instant captured, byte[] jpeg) {
            return VideoFrame.newBuilder().setCameraId(camera).setSequence(sequence).setEpoch(epoch)
                    .setCaptureTime(captured).setCodec("jpeg").setWidth(SyntheticCameras.WIDTH)
                    .setHeight(SyntheticCameras.HEIGHT).setData(ByteBuffer.wrap(jpeg)).setMetadata(Map.of()).build();
        }

        private static byte[] jpeg() throws Exception {
            BufferedImage image = new BufferedImage(SyntheticCameras.WIDTH, SyntheticCameras.HEIGHT,
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.GRAY);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, "jpeg", out)).isTrue();
            return out.toByteArray();
        }

        /**
         * Reads {@code topic} from the beginning, read_committed, until {@code done} holds for what was read (or,
         * with a zero timeout, reads what is there now), and returns every record read.
         */
        List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, Duration timeout,
                                                          Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
            return RestartOverWorkDirIT.awaitRecords(infrastructure, topic, timeout, done);
        }

        @Override
        public void close() {
            try {
                cameras.close();
                app.close();
                events.close();
                letters.close();
            } finally {
                infrastructure.close();
            }
        }
    }
}
