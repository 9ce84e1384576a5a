package io.actionwatch.operator.replay;

import io.actionwatch.inference.app.InferenceApp;
import io.actionwatch.inference.app.InferenceConfig;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.ingest.encode.JpegEncoder;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.source.SourceFrame;
import io.actionwatch.ingest.source.SyntheticSource;
import io.actionwatch.launcher.LocalInfrastructure;
import io.actionwatch.operator.cli.OperatorCli;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code replay} on the embedded default's real infrastructure (a KRaft broker JVM and the Apicurio registry JVM,
 * {@link LocalInfrastructure}): two synthetic cameras' frames are processed live by the inference application, then
 * replayed over a range whose edges cut clips, once through the same model and once through the baseline model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayIT {

    private static final Path MODEL_DIR = Path.of("..", "model", "reference");
    private static final List<String> CAMERAS = List.of("replay-cam-1", "replay-cam-2");
    private static final int FRAMES_PER_CAMERA = 160;
    private static final long FRAME_MILLIS = 66;
    /** Capture times two minutes back, well inside frames.v1's retention, second-aligned for readable ranges. */
    private static final Instant BASE = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS);
    /** Sequence 37 is inside clip 2 (32..46) and 130 inside clip 8 (128..142): both edges cut a clip. */
    private static final Instant FROM = capture(0, 37);
    private static final Instant TO = capture(0, 130);

    @TempDir
    static Path work;

    private static LocalInfrastructure infra;
    private static int runs;
    private static List<ActionEvent> live;

    @BeforeAll
    static void runLive() throws Exception {
        infra = LocalInfrastructure.start(work.resolve("stack"), Topics.all(2, (short) 1));
        publishFrames();
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-it-live-" + UUID.randomUUID());
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("live-state").toString());
        settings.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, infra.schemaRegistryUrl());
        settings.put(InferenceConfig.MODEL_DIR, MODEL_DIR.toString());
        long clipsPerCamera = 10; // clip k ends at 16k+14; clip 9 ends at 158 < 160
        try (InferenceApp app = InferenceApp.create(new InferenceConfig(settings))) {
            app.start();
            live = readUntil(Topics.ACTIONS, events -> events.size() >= clipsPerCamera * CAMERAS.size(),
                    Duration.ofMinutes(2));
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        assertThat(live).hasSize((int) clipsPerCamera * CAMERAS.size());
    }

    @AfterAll
    static void stopInfrastructure() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    @Order(1)
    void theSameModelOverARangeGivesTheLiveRunsEventIdsForExactlyTheClipsInsideIt() throws Exception {
        Run run = replay("--from", FROM.toString(), "--to", TO.toString(), "--model-dir", MODEL_DIR.toString());

        assertThat(run.exit).as("exit code; stderr:%n%s", run.err).isZero();
        Predicate<ActionEvent> inside = e -> !e.getClipStartTime().isBefore(FROM) && e.getClipEndTime().isBefore(TO);
        List<String> expected = live.stream().filter(inside).map(ActionEvent::getEventId).sorted().toList();
        assertThat(live).as("the range cuts a clip at its start").anyMatch(e -> e.getClipStartTime().isBefore(FROM)
                && !e.getClipEndTime().isBefore(FROM));
        assertThat(live).as("and one at its end").anyMatch(e -> e.getClipStartTime().isBefore(TO)
                && !e.getClipEndTime().isBefore(TO));
        assertThat(expected).as("clips 3..7 of each camera").hasSize(5 * CAMERAS.size());

        ModelCard card = ModelDirectory.open(MODEL_DIR).card();
        List<ActionEvent> replayed = readAll(ReplayNames.defaultOutputTopic(card));
        assertThat(replayed.stream().map(ActionEvent::getEventId).sorted().toList()).isEqualTo(expected);
        assertThat(run.out).contains("clips: 10 events written to " + ReplayNames.defaultOutputTopic(card))
                .containsPattern("all\\s+10\\s+10\\s+100\\.0%");
        assertThat(run.err).as("progress").contains("100.0%  ");
        assertThat(topics()).as("the replay's internal topics are removed")
                .noneMatch(t -> t.startsWith(ReplayNames.APPLICATION_ID_PREFIX));
    }

    @Test
    @Order(2)
    void anotherModelWritesItsOwnVersionAndAnAgreementTablePerLabel() throws Exception {
        Run run = replay("--from", FROM.toString(), "--to", TO.toString(), "--model-dir", MODEL_DIR.toString(),
                "--model-card", "baseline-card.json", "--camera", CAMERAS.get(0));

        assertThat(run.exit).as("exit code; stderr:%n%s", run.err).isZero();
        ModelCard baseline = ModelDirectory.open(MODEL_DIR, "baseline-card.json").card();
        List<ActionEvent> replayed = readAll(ReplayNames.defaultOutputTopic(baseline));
        assertThat(replayed).hasSize(5).allSatisfy(e -> {
            assertThat(e.getModelName()).isEqualTo(baseline.name());
            assertThat(e.getModelVersion()).isEqualTo(baseline.version());
            assertThat(e.getCameraId()).isEqualTo(CAMERAS.get(0));
        });
        Set<String> liveClips = live.stream().map(Agreement::clipKey).collect(Collectors.toSet());
        assertThat(replayed).as("the same clips as live").allMatch(e -> liveClips.contains(Agreement.clipKey(e)));
        Agreement expected = Agreement.of(live.stream().filter(e -> e.getCameraId().equals(CAMERAS.get(0))
                && !e.getClipStartTime().isBefore(FROM) && e.getClipEndTime().isBefore(TO)).toList(), replayed);
        assertThat(run.out).contains("live label").contains("agreement with live")
                .containsPattern("all\\s+5\\s+" + expected.agreeing() + "\\s");
        for (String label : expected.perLabel().keySet()) {
            assertThat(run.out).containsPattern("(?m)^" + label + "\\s+" + expected.perLabel().get(label)[0] + "\\s");
        }
    }

    @Test
    @Order(3)
    void anEmptyRangeEndsWithAClearMessageAndExitZero() {
        Run run = replay("--from", BASE.minus(Duration.ofMinutes(10)).toString(), "--to",
                BASE.minus(Duration.ofMinutes(5)).toString(), "--model-dir", MODEL_DIR.toString());
        assertThat(run.exit).as("exit code; stderr:%n%s", run.err).isZero();
        assertThat(run.out).contains("nothing to replay");
    }

    @Test
    @Order(4)
    void fromAfterToIsRefused() {
        Run run = replay("--from", TO.toString(), "--to", FROM.toString(), "--model-dir", MODEL_DIR.toString());
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("must be before --to");
    }

    @Test
    void theOperatorCliOffersReplay() {
        assertThat(OperatorCli.commandLine().getSubcommands()).containsKey("replay");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run replay(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", infra.bootstrapServers(), "--schema-registry-url",
                infra.schemaRegistryUrl()));
        CommandLine command = new CommandLine(new ReplayCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                errStream, Clock.systemUTC()));
        command.setErr(new PrintWriter(errStream, true));
        int exit = command.execute(all.toArray(String[]::new));
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        // What the operator saw, kept beside the test reports for reading (the figures quoted in the README).
        try {
            Files.writeString(Path.of("target", "failsafe-reports", "replay-" + (++runs) + ".txt"),
                    String.join(" ", args) + "\nexit " + exit + "\n--- stdout\n" + run.out + "--- stderr\n" + run.err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the replay's output", e);
        }
        return run;
    }

    private static Instant capture(int camera, long sequence) {
        // The second camera is a few ms behind the first, so the cameras' frames interleave in time.
        return BASE.plusMillis(camera * 7L + sequence * FRAME_MILLIS);
    }

    private static void publishFrames() throws Exception {
        Map<String, Object> serde = Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, infra.schemaRegistryUrl());
        try (KafkaProducer<String, VideoFrame> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                AvroSerdes.specific(VideoFrame.class, serde, false).serializer())) {
            for (int c = 0; c < CAMERAS.size(); c++) {
                SceneSettings settings = SceneSettings.defaults(7_000 + c);
                try (SyntheticSource source = new SyntheticSource(settings);
                     JpegEncoder jpeg = new JpegEncoder(JpegEncoder.DEFAULT_QUALITY)) {
                    for (int i = 0; i < FRAMES_PER_CAMERA; i++) {
                        SourceFrame frame = source.next();
                        Instant captured = capture(c, i);
                        VideoFrame value = VideoFrame.newBuilder()
                                .setCameraId(CAMERAS.get(c))
                                .setSequence(i)
                                .setCaptureTime(captured)
                                .setCodec("jpeg")
                                .setWidth(settings.width())
                                .setHeight(settings.height())
                                .setData(ByteBuffer.wrap(jpeg.encode(frame.image())))
                                .setMetadata(frame.metadata())
                                .build();
                        producer.send(new ProducerRecord<>(Topics.FRAMES, null, captured.toEpochMilli(),
                                CAMERAS.get(c), value));
                    }
                }
            }
            producer.flush();
        }
    }

    private static List<ActionEvent> readAll(String topic) {
        return readUntil(topic, events -> false, Duration.ofSeconds(3));
    }

    /** Reads the topic from its start until the condition holds or, for a condition never met, the time is up. */
    private static List<ActionEvent> readUntil(String topic, Predicate<List<ActionEvent>> done, Duration wait) {
        List<ActionEvent> events = new ArrayList<>();
        Map<String, Object> serde = Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, infra.schemaRegistryUrl());
        try (KafkaConsumer<String, ActionEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "replay-it-reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                AvroSerdes.specific(ActionEvent.class, serde, false).deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            while (!done.test(events) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ActionEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(record.value());
                }
            }
        }
        return events;
    }

    private static Set<String> topics() throws Exception {
        try (Admin admin = infra.admin()) {
            return admin.listTopics().names().get();
        }
    }
}
