package io.actionwatch.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionwatch.operator.cli.OperatorCli;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.schemas.Person;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.sink.app.SinkApp;
import io.actionwatch.sink.app.SinkConfig;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.testing.BrokerAndRegistry;
import io.actionwatch.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
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
 * The events and replay-alerts tools against a real in-process KRaft broker and the real Apicurio registry, on known
 * events written with the project's serdes by a transactional producer (one aborted transaction, one redelivered
 * event, one unreadable record). The live sink (SinkApp with the shipped rule: fall, 2 of 3 at 0.6, 30 s cooldown)
 * runs over them first; the replay must raise exactly its alerts, and leave its group's offsets as they were.
 *
 * <p>Hand-computed with that rule, clip end times in seconds after T0: cam-1 falls at 2 and 3 (alert at 3), again at
 * 4 (within the cooldown), 40 (score 0.5, no match) and 41 (2 of the last 3, cooldown over: alert at 41); cam-2 falls
 * once in 3 (no alert); on cam-3 person 2 falls at 5 and 6 (alert naming person 2) while person 1 walks beside.
 */
class OperatorToolsIT {

    /**
     * An hour ago: within the topics' 30-day retention, which the broker enforces on record timestamps (its first
     * retention check, 30 s after start, would delete events dated months back in the middle of the test).
     */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    private static final String LIVE_GROUP = "actionwatch-sink-it";
    private static final String REPLAY_TOPIC = "alerts-replay-it";
    private static final Set<String> EXPECTED_ALERTS = Set.of("fall:c1-e3", "fall:c1-e6", "fall:c3-p2b");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;

    private static BrokerAndRegistry infra;
    private static KafkaClusterTestKit cluster;
    private static ApicurioRegistry registry;
    /** The alerts the live sink wrote to alerts.v1, by id. */
    private static Map<String, Alert> liveAlerts;

    @BeforeAll
    static void startWriteAndRunTheLiveSink() throws Exception {
        infra = BrokerAndRegistry.start(workDir, 2);
        cluster = infra.cluster();
        registry = infra.registry();
        writeEvents();
        liveAlerts = runLiveSink();
    }

    @AfterAll
    static void stop() throws Exception {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void theLiveSinkRaisedTheHandComputedAlerts() {
        // The reference the replay is held to: if the shipped rule changed, this says so before the replay tests do.
        assertThat(liveAlerts.keySet()).isEqualTo(EXPECTED_ALERTS);
        assertThat(liveAlerts.get("fall:c3-p2b").getPerson().getTrackId()).isEqualTo(2L);
    }

    @Test
    void replayRaisesExactlyTheLiveAlertsWritesThemToANamedTopicAndLeavesTheLiveGroupAlone() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> before = committed(LIVE_GROUP);
        Set<String> groupsBefore = groups();

        Run run = operator("replay-alerts", "--to-topic", REPLAY_TOPIC, "--format", "jsonl");

        assertThat(run.code).as(run.err).isZero();
        Map<String, JsonNode> printed = new HashMap<>();
        for (String line : run.lines()) {
            JsonNode alert = JSON.readTree(line);
            printed.put(alert.get("alertId").asText(), alert);
        }
        assertThat(printed.keySet()).isEqualTo(EXPECTED_ALERTS);
        for (Alert live : liveAlerts.values()) {
            JsonNode replayed = printed.get(live.getAlertId());
            assertThat(replayed.get("rule").asText()).isEqualTo(live.getRule());
            assertThat(replayed.get("cameraId").asText()).isEqualTo(live.getCameraId());
            assertThat(replayed.get("eventId").asText()).isEqualTo(live.getEventId());
            assertThat(replayed.get("label").asText()).isEqualTo(live.getLabel());
            assertThat(replayed.get("score").floatValue()).isEqualTo(live.getScore());
            assertThat(Instant.parse(replayed.get("clipEndTime").asText())).isEqualTo(live.getClipEndTime());
            assertThat(replayed.get("person").isNull()).isEqualTo(live.getPerson() == null);
        }
        assertThat(run.err).contains("3 alerts from rules [fall] over 16 events of actions.v1", "3 written to " + REPLAY_TOPIC,
                "1 unreadable records skipped");

        List<ConsumerRecord<String, Alert>> written = readAll(REPLAY_TOPIC);
        assertThat(written).hasSize(3);
        for (ConsumerRecord<String, Alert> record : written) {
            Alert live = liveAlerts.get(record.value().getAlertId());
            assertThat(record.value()).usingRecursiveComparison().ignoringFields("raisedAt").isEqualTo(live);
            assertThat(record.key()).isEqualTo(live.getCameraId());
            assertThat(record.timestamp()).isEqualTo(live.getClipEndTime().toEpochMilli());
        }
        assertThat(topicConfig(REPLAY_TOPIC, "retention.ms")).isEqualTo(topicConfig(Topics.ALERTS, "retention.ms"))
                .isEqualTo(Long.toString(Topics.EVENTS_RETENTION.toMillis()));

        assertThat(committed(LIVE_GROUP)).isEqualTo(before);
        assertThat(groups()).isEqualTo(groupsBefore);

        // The replayed alerts read back through the events tool, as an operator would check them.
        Run listed = operator("events", "--alerts", "--topic", REPLAY_TOPIC, "--format", "jsonl");
        assertThat(listed.lines()).hasSize(3);
    }

    @Test
    void replayOfARangeStartsAfreshAtFromAndStopsBeforeTo() {
        // [4 s, 41 s): cam-1 keeps only its fall at 4 (the alerted one at 3 and the one at 41 are outside), so only
        // person 2 of cam-3 alerts. Were 41 included, 4 and 41 would be 2 of cam-1's last 3 and alert.
        Run run = operator("replay-alerts", "--from", at(4), "--to", at(41), "--format", "jsonl");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.lines()).singleElement().asString().contains("\"alertId\":\"fall:c3-p2b\"");
    }

    @Test
    void aRuleGivenOnTheCommandLineReplacesTheConfiguredOnes() {
        Run run = operator("replay-alerts", "--rule", "wave: labels=waving; min.score=0.85", "--format", "table",
                "--zone", "UTC");

        assertThat(run.code).as(run.err).isZero();
        // f2 waves at 0.80, under the rule's 0.85; f3 at 0.90 alerts.
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).startsWith("CLIP (UTC)");
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
        String clip = utc.format(T0.plusSeconds(11)) + "-" + utc.format(T0.plusSeconds(12)).substring(11);
        assertThat(run.lines().get(1)).startsWith(clip).contains("wave", "cam-2")
                .endsWith("wave:c2-f3");
    }

    @Test
    void replayRefusesTheLiveAlertsTopicUnlessAskedExplicitly() {
        Run run = operator("replay-alerts", "--to-topic", Topics.ALERTS);

        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("--allow-live-alerts-topic");
        assertThat(run.out).isEmpty();
    }

    @Test
    void eventsOfOneCameraLabelAndScoreInAHalfOpenRange() throws Exception {
        Run run = operator("events", "--cameras", "cam-1", "--labels", "falling_down", "--min-score", "0.7",
                "--from", at(3), "--to", at(41), "--format", "jsonl");

        assertThat(run.code).as(run.err).isZero();
        List<String> ids = new ArrayList<>();
        for (String line : run.lines()) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.get("cameraId").asText()).isEqualTo("cam-1");
            ids.add(event.get("eventId").asText());
        }
        // 3 s is in (from is inclusive), 41 s is out (to is exclusive), e2 at 2 s is before the range, e5 scores 0.5;
        // the redelivered e3 is in the topic twice and listed twice.
        assertThat(ids).containsExactly("c1-e3", "c1-e3", "c1-e4");
    }

    @Test
    void eventsAsATableOfSeveralCameras() {
        Run run = operator("events", "--cameras", "cam-2,cam-3", "--min-score", "0.9", "--zone", "UTC");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.lines().get(0)).startsWith("CLIP (UTC)").contains("CAMERA", "EVENT ID");
        assertThat(run.lines().subList(1, run.lines().size())).extracting(line -> line.substring(line.lastIndexOf(' ') + 1))
                .containsExactly("c3-p1a", "c3-p2a", "c3-p1b", "c2-f1", "c2-f3");
        assertThat(run.err).contains("5 events matched");
    }

    @Test
    void eventsNeverShowAbortedTransactionsAndSayWhatTheyLeaveOut() {
        Run all = operator("events", "--format", "jsonl");
        assertThat(all.code).as(all.err).isZero();
        // 15 events written in committed transactions (one of them twice), the sentinel, none of the aborted cam-9.
        assertThat(all.lines()).hasSize(16).noneMatch(line -> line.contains("cam-9"));
        assertThat(all.err).contains("1 unreadable records skipped (first: NOT_WIRE_FORMAT");

        Run limited = operator("events", "--limit", "2", "--format", "jsonl");
        assertThat(limited.lines()).hasSize(2);
        assertThat(limited.lines().get(0)).contains("\"eventId\":\"c1-e1\"");
        assertThat(limited.lines().get(1)).contains("\"eventId\":\"c1-e2\"");
        assertThat(limited.err).contains("16 events matched (the first 2 listed");

        Run alerts = operator("events", "--alerts", "--format", "jsonl");
        assertThat(alerts.lines()).hasSize(3);
    }

    @Test
    void badRequestsGetOneClearLine() {
        Run reversed = operator("events", "--from", at(10), "--to", at(5));
        assertThat(reversed.code).isEqualTo(2);
        assertThat(reversed.err).contains("must be before --to");

        Run missing = operator("events", "--topic", "no-such-topic");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).contains("topic 'no-such-topic' does not exist");

        Run nowhere = OperatorToolsIT.run("events");
        assertThat(nowhere.code).isEqualTo(2);
        assertThat(nowhere.err).contains("give --bootstrap-servers and --schema-registry-url");
    }

    // ---- the events ----

    private static void writeEvents() throws Exception {
        Map<String, Object> serde = Map.of("schema.registry.url", registry.ccompatUrl());
        try (Serde<ActionEvent> events = AvroSerdes.specific(ActionEvent.class, serde, false);
             KafkaProducer<String, ActionEvent> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, "operator-it-" + UUID.randomUUID()),
                     new StringSerializer(), events.serializer());
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, event("c1-e1", "cam-1", null, "walking", 0.9f, 1));
            send(producer, event("c1-e2", "cam-1", null, "falling_down", 0.9f, 2));
            send(producer, event("c1-e3", "cam-1", null, "falling_down", 0.8f, 3));
            send(producer, event("c1-e4", "cam-1", null, "falling_down", 0.9f, 4));
            send(producer, event("c1-e3", "cam-1", null, "falling_down", 0.8f, 3)); // redelivered
            send(producer, event("c2-f1", "cam-2", null, "falling_down", 0.95f, 10));
            send(producer, event("c2-f2", "cam-2", null, "waving", 0.8f, 11));
            send(producer, event("c2-f3", "cam-2", null, "waving", 0.9f, 12));
            send(producer, event("c2-f4", "cam-2", null, "falling_down", 0.65f, 13));
            producer.commitTransaction();

            producer.beginTransaction();
            send(producer, event("c9-a1", "cam-9", null, "falling_down", 0.99f, 7));
            send(producer, event("c9-a2", "cam-9", null, "falling_down", 0.99f, 8));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            send(producer, event("c3-p1a", "cam-3", 1L, "walking", 0.9f, 5));
            send(producer, event("c3-p2a", "cam-3", 2L, "falling_down", 0.9f, 5));
            send(producer, event("c3-p1b", "cam-3", 1L, "walking", 0.9f, 6));
            send(producer, event("c3-p2b", "cam-3", 2L, "falling_down", 0.85f, 6));
            send(producer, event("c1-e5", "cam-1", null, "falling_down", 0.5f, 40));
            send(producer, event("c1-e6", "cam-1", null, "falling_down", 0.7f, 41));
            producer.commitTransaction();

            raw.send(new ProducerRecord<>(Topics.ACTIONS, null, T0.plusSeconds(8).toEpochMilli(),
                    "cam-x".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8))).get();

            producer.beginTransaction();
            send(producer, event("sentinel", "cam-last", null, "walking", 0.5f, 100));
            producer.commitTransaction();
        }
    }

    private static void send(KafkaProducer<String, ActionEvent> producer, ActionEvent event) {
        producer.send(new ProducerRecord<>(Topics.ACTIONS, null, event.getClipEndTime().toEpochMilli(),
                event.getCameraId(), event));
    }

    private static ActionEvent event(String id, String camera, Long trackId, String label, float score, long endSeconds) {
        Instant end = T0.plusSeconds(endSeconds);
        return ActionEvent.newBuilder().setEventId(id).setCameraId(camera)
                .setClipStartTime(end.minusSeconds(1)).setClipEndTime(end).setFirstSequence(0).setLastSequence(14)
                .setFrameCount(8).setLabel(label).setScore(score).setTopK(List.of(new LabelScore(label, score)))
                .setPerson(trackId == null ? null : new Person(trackId, 0.1f, 0.2f, 0.9f, 0.4f, 0.8f))
                .setModelName("it-model").setModelVersion("1").setEmitTime(end.plusMillis(100))
                .setCaptureToEmitMillis(100).setInferenceMillis(5f).setBatchSize(1).build();
    }

    /** Runs the sink with its shipped configuration until it has printed the sentinel; returns alerts.v1 by id. */
    private static Map<String, Alert> runLiveSink() throws Exception {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("bootstrap.servers", cluster.bootstrapServers());
        overrides.put("schema.registry.url", registry.ccompatUrl());
        overrides.put("group.id", LIVE_GROUP);
        overrides.put("sink.poll.timeout.ms", "100");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SinkApp sink = new SinkApp(SinkConfig.load(Optional.empty(), Map.of(), overrides),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<Void> running = CompletableFuture.runAsync(sink);
            long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            while (!printed.toString(StandardCharsets.UTF_8).contains("cam-last")) {
                assertThat(System.nanoTime()).as("the live sink printed the sentinel within 45 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            sink.close();
            running.get(30, TimeUnit.SECONDS);
        } finally {
            sink.close();
        }
        return readAll(Topics.ALERTS).stream().map(ConsumerRecord::value)
                .collect(Collectors.toMap(Alert::getAlertId, alert -> alert));
    }

    // ---- running the tools and looking at the cluster ----

    private record Run(int code, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    private static Run operator(String tool, String... args) {
        List<String> all = new ArrayList<>(List.of(tool, "--bootstrap-servers", cluster.bootstrapServers(),
                "--schema-registry-url", registry.ccompatUrl()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = OperatorCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String at(long seconds) {
        return T0.plusSeconds(seconds).toString();
    }

    private static List<ConsumerRecord<String, Alert>> readAll(String topic) {
        List<ConsumerRecord<String, Alert>> records = new ArrayList<>();
        try (Serde<Alert> serde = AvroSerdes.specific(Alert.class, Map.of("schema.registry.url", registry.ccompatUrl()), false);
             KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                     new StringDeserializer(), serde.deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("read " + topic + " to its end within 30 s").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    private static Set<String> groups() throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
        }
    }

    private static String topicConfig(String topic, String key) throws Exception {
        try (Admin admin = cluster.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(key).value();
        }
    }
}
