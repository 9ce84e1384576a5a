package io.actionwatch.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.sink.app.SinkApp;
import io.actionwatch.sink.app.SinkConfig;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.testing.BrokerAndRegistry;
import io.actionwatch.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sink with webhooks, against a real in-process KRaft broker, the real Apicurio registry and two real local
 * HTTP receivers: one answers 503 then 200 (the alert arrives on the second attempt, same Idempotency-Key, body = the
 * alert in alerts.v1), the other always 500 (after its last attempt the alert is on dlq.v1, pointing at its record in
 * alerts.v1 with that record's bytes).
 */
class WebhookDeliveryIT {

    private static final int PARTITIONS = 2;
    private static final Instant CLIP_END = Instant.parse("2026-05-01T10:00:01Z");
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
    void deliversAfterARetryAndDeadLettersWhatAReceiverNeverTakes() throws Exception {
        try (ScriptedReceiver ops = new ScriptedReceiver().answer(503, 200);
             ScriptedReceiver down = new ScriptedReceiver().answer(500)) {
            Map<String, Object> overrides = new HashMap<>();
            overrides.put("bootstrap.servers", cluster.bootstrapServers());
            overrides.put("schema.registry.url", registry.ccompatUrl());
            overrides.put("group.id", "sink-webhook-it");
            overrides.put("sink.poll.timeout.ms", "100");
            overrides.put("sink.print.events", "false");
            overrides.put("alert.rules", "fall");
            overrides.put("alert.rule.fall.labels", "falling_down");
            overrides.put("alert.rule.fall.k", "1");
            overrides.put("alert.rule.fall.n", "1");
            overrides.put("alert.rule.fall.webhooks", "ops,down");
            overrides.put("sink.webhooks", "ops,down");
            overrides.put("sink.webhook.ops.url", ops.url().toString());
            overrides.put("sink.webhook.ops.backoff.initial.ms", "100");
            overrides.put("sink.webhook.down.url", down.url().toString());
            overrides.put("sink.webhook.down.max.attempts", "3");
            overrides.put("sink.webhook.down.backoff.initial.ms", "100");
            SinkConfig config = SinkConfig.load(Optional.empty(), Map.of(), overrides);

            SinkApp app = new SinkApp(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            try {
                CompletableFuture<Void> running = CompletableFuture.runAsync(app);
                produce(fallingEvent());
                awaitTrue(() -> ops.received().size() >= 2 && down.received().size() >= 3, "both receivers tried");
                awaitTrue(() -> !readAll(Topics.DEAD_LETTERS).isEmpty(), "the undelivered alert's dead letter");
                app.close();
                running.get(30, TimeUnit.SECONDS);
            } finally {
                app.close();
            }

            List<ConsumerRecord<byte[], byte[]>> alertRecords = readAll(Topics.ALERTS);
            assertThat(alertRecords).hasSize(1);
            ConsumerRecord<byte[], byte[]> alertRecord = alertRecords.get(0);
            Alert alert;
            try (Serde<Alert> serde = AvroSerdes.specific(Alert.class, serdeConfig(), false)) {
                alert = serde.deserializer().deserialize(Topics.ALERTS, alertRecord.value());
            }
            assertThat(alert.getAlertId()).isEqualTo("fall:evt-1");
            assertThat(alert.getFramesTopic()).isEqualTo(Topics.FRAMES);
            assertThat(alert.getFirstSequence()).isEqualTo(30L);
            assertThat(alert.getLastSequence()).isEqualTo(44L);

            assertThat(ops.received()).hasSize(2)
                    .allSatisfy(request -> assertThat(request.header("Idempotency-Key")).isEqualTo("fall:evt-1"));
            Alert posted = new SpecificDatumReader<>(Alert.class).read(null, DecoderFactory.get().jsonDecoder(
                    Alert.getClassSchema(), new String(ops.received().get(1).body(), StandardCharsets.UTF_8)));
            assertThat(posted).isEqualTo(alert);
            assertThat(down.received()).hasSize(3);

            List<ConsumerRecord<byte[], byte[]>> letterRecords = readAll(Topics.DEAD_LETTERS);
            assertThat(letterRecords).hasSize(1);
            DeadLetter letter;
            try (Serde<DeadLetter> serde = AvroSerdes.specific(DeadLetter.class, serdeConfig(), false)) {
                letter = serde.deserializer().deserialize(Topics.DEAD_LETTERS, letterRecords.get(0).value());
            }
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.ALERTS);
            assertThat(letter.getSourcePartition()).isEqualTo(alertRecord.partition());
            assertThat(letter.getSourceOffset()).isEqualTo(alertRecord.offset());
            assertThat(letter.getErrorKind()).isEqualTo(DeliveryErrorKind.WEBHOOK_RETRIES_EXHAUSTED.name());
            assertThat(letter.getErrorMessage()).startsWith("webhook down: ").contains("HTTP 500");
            assertThat(letter.getApplication()).isEqualTo("sink-webhook-it");
            assertThat(bytes(letter.getKey())).isEqualTo(alertRecord.key());
            assertThat(bytes(letter.getPayload())).isEqualTo(alertRecord.value());
        }
    }

    private static ActionEvent fallingEvent() {
        return ActionEvent.newBuilder()
                .setEventId("evt-1")
                .setCameraId("cam-1")
                .setClipStartTime(CLIP_END.minusSeconds(1))
                .setClipEndTime(CLIP_END)
                .setFirstSequence(30)
                .setLastSequence(44)
                .setFrameCount(8)
                .setLabel("falling_down")
                .setScore(0.9f)
                .setTopK(List.of(new LabelScore("falling_down", 0.9f)))
                .setModelName("it-model")
                .setModelVersion("0")
                .setEmitTime(CLIP_END.plusMillis(100))
                .setCaptureToEmitMillis(100)
                .setInferenceMillis(5f)
                .setBatchSize(1)
                .build();
    }

    private static void produce(ActionEvent event) throws Exception {
        try (Serde<ActionEvent> serde = AvroSerdes.specific(ActionEvent.class, serdeConfig(), false);
             KafkaProducer<String, ActionEvent> producer = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                     new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(Topics.ACTIONS, event.getCameraId(), event)).get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", registry.ccompatUrl());
    }

    /** Every record of a topic, read to its end offsets as they are now. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic + " to " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
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

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
