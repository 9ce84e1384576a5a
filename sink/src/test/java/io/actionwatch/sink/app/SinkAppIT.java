package io.actionwatch.sink.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.schemas.Person;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.testing.BrokerAndRegistry;
import io.actionwatch.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink against a real in-process KRaft broker and the real Apicurio registry: only committed events are printed
 * and alerted, a matching event yields an Alert readable through the registry, one person falling among several yields
 * one Alert naming that person, a redelivered event no second alert, garbage goes to dlq.v1 with its bytes, and
 * close() stops the loop with offsets committed.
 */
class SinkAppIT {

    private static final int PARTITIONS = 2;
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    static Path workDir;

    private static BrokerAndRegistry infra;
    private static KafkaClusterTestKit cluster;
    private static ApicurioRegistry registry;

    @BeforeAll
    static void startBrokerAndRegistry() throws Exception {
        infra = BrokerAndRegistry.start(workDir, PARTITIONS);
        cluster = infra.cluster();
        registry = infra.registry();
    }

    @AfterAll
    static void stop() throws Exception {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void printsAndAlertsCommittedEventsOnlyAndDeadLettersGarbage() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("bootstrap.servers", cluster.bootstrapServers());
        overrides.put("schema.registry.url", registry.ccompatUrl());
        overrides.put("group.id", "sink-it");
        overrides.put("sink.poll.timeout.ms", "100");
        overrides.put("sink.print.time.zone", "UTC");
        overrides.put("alert.rules", "fall");
        overrides.put("alert.rule.fall.labels", "falling_down");
        overrides.put("alert.rule.fall.min.score", "0.5");
        overrides.put("alert.rule.fall.k", "1");
        overrides.put("alert.rule.fall.n", "1");
        overrides.put("alert.rule.fall.cooldown.ms", "0");
        SinkConfig config = SinkConfig.load(Optional.empty(), Map.of(), overrides);
        ActionEvent fall = event("evt-fall", "cam-1", "falling_down", 0.9f, "falling_down");
        RecordMetadata garbage;
        List<Future<RecordMetadata>> lastSends = new ArrayList<>();
        SinkApp app = new SinkApp(config, new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<Void> running = CompletableFuture.runAsync(app);
            garbage = produceEvents(fall, lastSends);
            awaitTrue(() -> text(printed).contains("cam-last-0") && text(printed).contains("cam-last-1"), "sentinel events printed");
            app.close();
            // The poll loop ends normally on close(): no exception, clients closed, offsets committed.
            running.get(30, TimeUnit.SECONDS);
        } finally {
            app.close();
        }

        String output = text(printed);
        assertThat(output).doesNotContain("cam-aborted");
        assertThat(lines(output, "cam-1 ")).containsExactly(
                "cam-1      10:00:00.000-10:00:01.000  falling_down    0.90  truth=falling_down ✓  latency=120ms",
                "ALERT [fall] cam-1      10:00:00.000-10:00:01.000  falling_down    0.90  id=fall:evt-fall",
                "cam-1      10:00:00.000-10:00:01.000  falling_down    0.90  truth=falling_down ✓  latency=120ms");
        assertThat(lines(output, "cam-2 ")).singleElement().asString().contains("waving", "truth=-");
        assertThat(lines(output, "cam-3 ")).hasSize(4).contains(
                "ALERT [fall] cam-3      10:00:00.000-10:00:01.000  falling_down    0.80  person=2  id=fall:evt-cam3-p2");

        List<Alert> alerts = readAll(Topics.ALERTS, AvroSerdes.specific(Alert.class, serdeConfig(), false));
        assertThat(alerts).extracting(Alert::getAlertId).containsExactlyInAnyOrder("fall:evt-fall", "fall:evt-cam3-p2");
        assertThat(alerts).filteredOn(alert -> alert.getCameraId().equals("cam-3")).singleElement().satisfies(alert -> {
            assertThat(alert.getEventId()).isEqualTo("evt-cam3-p2");
            assertThat(alert.getPerson()).isEqualTo(person(2));
        });
        assertThat(alerts).filteredOn(alert -> alert.getCameraId().equals("cam-1")).singleElement().satisfies(alert -> {
            assertThat(alert.getAlertId()).isEqualTo("fall:evt-fall");
            assertThat(alert.getRule()).isEqualTo("fall");
            assertThat(alert.getCameraId()).isEqualTo("cam-1");
            assertThat(alert.getEventId()).isEqualTo("evt-fall");
            assertThat(alert.getLabel()).isEqualTo("falling_down");
            assertThat(alert.getScore()).isEqualTo(0.9f);
            assertThat(alert.getClipEndTime()).isEqualTo(fall.getClipEndTime());
            assertThat(alert.getPerson()).isNull();
        });

        List<DeadLetter> deadLetters = readAll(Topics.DEAD_LETTERS, AvroSerdes.specific(DeadLetter.class, serdeConfig(), false));
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.ACTIONS);
            assertThat(letter.getSourcePartition()).isEqualTo(garbage.partition());
            assertThat(letter.getSourceOffset()).isEqualTo(garbage.offset());
            assertThat(letter.getErrorKind()).isEqualTo("NOT_WIRE_FORMAT");
            assertThat(letter.getApplication()).isEqualTo("sink-it");
            assertThat(bytes(letter.getKey())).isEqualTo("cam-9".getBytes(StandardCharsets.UTF_8));
            assertThat(bytes(letter.getPayload())).isEqualTo("definitely not avro".getBytes(StandardCharsets.UTF_8));
        });

        assertThat(registrySubjects()).contains("\"alerts.v1-value\"", "\"dlq.v1-value\"");

        try (Admin admin = cluster.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("sink-it").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            // Everything up to and including the last event of each partition is committed, nothing beyond.
            for (Future<RecordMetadata> send : lastSends) {
                RecordMetadata last = send.get();
                assertThat(committed.get(new TopicPartition(Topics.ACTIONS, last.partition())).offset())
                        .isEqualTo(last.offset() + 1);
            }
        }
    }

    /**
     * Partition 0: fall (committed), aborted, garbage (non-transactional), fall again and a sentinel (committed);
     * partition 1: wave and one clip of cam-3 as three per-person events, the second person falling (committed),
     * aborted, sentinel (committed). Returns where the garbage landed.
     */
    private static RecordMetadata produceEvents(ActionEvent fall, List<Future<RecordMetadata>> lastSends) throws Exception {
        ActionEvent wave = event("evt-wave", "cam-2", "waving", 0.8f, null);
        RecordMetadata garbage;
        try (Serde<ActionEvent> serde = AvroSerdes.specific(ActionEvent.class, serdeConfig(), false);
             KafkaProducer<String, ActionEvent> events = transactionalProducer(serde);
             KafkaProducer<byte[], byte[]> raw = rawProducer()) {
            events.initTransactions();

            events.beginTransaction();
            send(events, 0, fall);
            send(events, 1, wave);
            send(events, 1, personEvent("evt-cam3-p1", "cam-3", 1, "walking", 0.9f));
            send(events, 1, personEvent("evt-cam3-p2", "cam-3", 2, "falling_down", 0.8f));
            send(events, 1, personEvent("evt-cam3-p3", "cam-3", 3, "walking", 0.9f));
            events.commitTransaction();

            events.beginTransaction();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                send(events, partition, event("evt-aborted-" + partition, "cam-aborted-" + partition, "falling_down", 0.99f, null));
            }
            events.flush();
            events.abortTransaction();

            garbage = raw.send(new ProducerRecord<>(Topics.ACTIONS, 0, "cam-9".getBytes(StandardCharsets.UTF_8),
                    "definitely not avro".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);

            // Committed after the aborted ones on every partition: once printed, the sink has read past the abort.
            events.beginTransaction();
            send(events, 0, fall);  // a redelivery of the same event: printed again, no second alert
            for (int partition = 0; partition < PARTITIONS; partition++) {
                lastSends.add(send(events, partition, event("evt-last-" + partition, "cam-last-" + partition, "standing_still", 0.7f, null)));
            }
            events.commitTransaction();
        }

        return garbage;
    }

    /** An event of a one-second clip starting at T0: equal clip times, so cooldown could not hide a duplicate. */
    private static ActionEvent event(String id, String camera, String label, float score, String truth) {
        Instant start = T0;
        Instant end = start.plusSeconds(1);
        return ActionEvent.newBuilder()
                .setEventId(id)
                .setCameraId(camera)
                .setClipStartTime(start)
                .setClipEndTime(end)
                .setFirstSequence(0)
                .setLastSequence(14)
                .setFrameCount(8)
                .setLabel(label)
                .setScore(score)
                .setTopK(List.of(new LabelScore(label, score)))
                .setGroundTruth(truth)
                .setModelName("it-model")
                .setModelVersion("0")
                .setEmitTime(end.plusMillis(120))
                .setCaptureToEmitMillis(120)
                .setInferenceMillis(10f)
                .setBatchSize(1)
                .build();
    }

    /** An event about one tracked person of the camera's clip. */
    private static ActionEvent personEvent(String id, String camera, long trackId, String label, float score) {
        return ActionEvent.newBuilder(event(id, camera, label, score, null)).setPerson(person(trackId)).build();
    }

    private static Person person(long trackId) {
        return new Person(trackId, 0.25f, 0.5f, 0.75f, 0.625f, 0.9f);
    }

    private static Future<RecordMetadata> send(KafkaProducer<String, ActionEvent> producer, int partition, ActionEvent event) {
        return producer.send(new ProducerRecord<>(Topics.ACTIONS, partition, event.getCameraId(), event));
    }

    private static Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", registry.ccompatUrl());
    }

    private static KafkaProducer<String, ActionEvent> transactionalProducer(Serde<ActionEvent> serde) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sink-it-events");
        return new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
    }

    private static KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Every record of a (non-transactional) topic, read to its end offsets. */
    private static <T> List<T> readAll(String topic, Serde<T> serde) throws Exception {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> values = new ArrayList<>();
        try (serde; KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            awaitTrue(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            }, "reading " + topic + " to its end " + end);
        }
        return values;
    }

    private static String registrySubjects() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> lines(String output, String containing) {
        return output.lines().filter(line -> line.contains(containing)).toList();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
