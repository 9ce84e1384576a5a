package io.actionwatch.launcher;

import io.actionwatch.config.ClientSettings;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.security.ClientSecurity;
import io.actionwatch.security.Role;
import io.actionwatch.serde.PayloadException;
import io.actionwatch.serde.RegistryAvroSerializer;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.serde.SchemaRegistryClient;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 9's secure mode, end to end: {@code ./run-pipeline --secure} runs the broker with SASL/SCRAM over TLS and
 * ACLs, the registry over https with basic authentication, and every service as its own role; while events flow, the
 * test checks that an unauthenticated client is refused, that each role is refused what lies outside its rights,
 * that only the admin role may register a schema, and that no password reaches a log or the printed output.
 */
class SecurePipelineIT {

    private static final Path MODEL_DIR = Path.of("..", "model", "reference");
    /** An upper bound: the test stops the pipeline once it has seen what it checks. */
    private static final int RUN_SECONDS = 240;
    private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(15);

    @Test
    void eachRoleGetsOnlyItsRightsWhileTheSecuredPipelineRuns(@TempDir Path work) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Path runDir = work.resolve("run");
        Thread pipeline;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            EmbeddedPipeline command = new EmbeddedPipeline(out);
            pipeline = new Thread(() -> exit.set(new CommandLine(command).execute(
                    "--secure", "--cameras", "2", "--duration", Integer.toString(RUN_SECONDS),
                    "--work-dir", runDir.toString(), "--model-dir", MODEL_DIR.toString(), "--dashboard-port", "-1")),
                    "embedded-pipeline");
            pipeline.start();
            try {
                // Making certificates, SCRAM users, ACLs and schemas adds to the start; a loaded machine needs longer.
                Path secrets = Path.of(PrintedLines.await(printed, "^secured client-settings (\\S+)",
                        Duration.ofSeconds(240)).group(1));
                String bootstrap = PrintedLines.await(printed, "^kafka (\\S+) registry (\\S+)").group(1);
                String registryUrl = PrintedLines.await(printed, "^kafka (\\S+) registry (\\S+)").group(2);
                // The pipeline works as its roles: events of the cameras' frames reach the sink.
                PrintedLines.await(printed, "^cam-\\d\\s+\\S+\\s+\\S+\\s+\\d\\.\\d\\d\\s+truth=");

                Map<Role, Map<String, Object>> roles = new HashMap<>();
                for (Role role : Role.values()) {
                    Path file = secrets.resolve(role.user() + ".properties");
                    assertThat(Files.getPosixFilePermissions(file)).as("%s is readable by its owner only", file)
                            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
                    roles.put(role, ClientSecurity.read(file));
                }

                unauthenticatedClientsAreRefused(bootstrap, roles.get(Role.CAMERA));
                operatorReadsEventsButWritesNoFrames(roles.get(Role.OPERATOR));
                cameraCannotReadEventsOrWriteAlerts(roles.get(Role.CAMERA));
                sinkCannotWriteFrames(roles.get(Role.SINK));
                onlyAdminRegistersSchemas(registryUrl, roles);
            } finally {
                command.stop();
                pipeline.join(Duration.ofSeconds(RUN_SECONDS + 90).toMillis());
            }
            assertThat(pipeline.isAlive()).as("the pipeline stopped").isFalse();
            assertThat(exit.get()).as("exit code; output:%n%s", printed.toString(StandardCharsets.UTF_8)).isZero();
            noPasswordInLogsOrOutput(runDir, printed.toString(StandardCharsets.UTF_8));
        }
    }

    private static void unauthenticatedClientsAreRefused(String bootstrap, Map<String, Object> camera) {
        // No TLS, no SASL: the broker's only client listener speaks SASL_SSL.
        Map<String, Object> plain = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFUSAL_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(plain)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .as("a plaintext client").isInstanceOf(ExecutionException.class);
        }
        // TLS and SASL, a known user, a wrong password.
        Map<String, Object> wrongPassword = new HashMap<>(camera);
        wrongPassword.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required username=\"camera\" password=\"not-the-password\";");
        wrongPassword.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFUSAL_TIMEOUT.toMillis());
        wrongPassword.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(adminKeys(wrongPassword))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .as("a wrong password").hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static void operatorReadsEventsButWritesNoFrames(Map<String, Object> operator) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(operator)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(Topics.ACTIONS, 0),
                    new TopicPartition(Topics.ACTIONS, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int read = 0;
            long deadline = System.nanoTime() + REFUSAL_TIMEOUT.toNanos();
            while (read == 0 && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                read += records.count();
            }
            assertThat(read).as("the operator reads actions.v1").isPositive();
        }
        assertRefusedWrite(operator, Topics.FRAMES, "the operator writes frames.v1");
    }

    private static void cameraCannotReadEventsOrWriteAlerts(Map<String, Object> camera) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(camera)) {
            consumer.assign(List.of(new TopicPartition(Topics.ACTIONS, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(Topics.ACTIONS, 0)));
            assertThatThrownBy(() -> {
                long deadline = System.nanoTime() + REFUSAL_TIMEOUT.toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }).as("the camera reads actions.v1").isInstanceOf(TopicAuthorizationException.class);
        }
        assertRefusedWrite(camera, Topics.ALERTS, "the camera writes alerts.v1");
    }

    private static void sinkCannotWriteFrames(Map<String, Object> sink) {
        assertRefusedWrite(sink, Topics.FRAMES, "the sink writes frames.v1");
    }

    private static void onlyAdminRegistersSchemas(String registryUrl, Map<Role, Map<String, Object>> roles)
            throws Exception {
        String subject = RegistryAvroSerializer.subject(Topics.FRAMES, false);
        // Without credentials the registry answers nothing but 401, not even a read.
        HttpClient http = HttpClient.newBuilder().sslContext(io.actionwatch.security.PemTrust.sslContext(
                Path.of((String) roles.get(Role.CAMERA).get(RegistrySerdeConfig.TRUSTSTORE_LOCATION)))).build();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(registryUrl + "/subjects"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("anonymous read of the registry").isEqualTo(401);

        // A schema no one registered yet, under a subject of its own: registering it is a write for the registry.
        Schema probe = SchemaBuilder.record("SecurityProbe").namespace("io.actionwatch.test").fields()
                .requiredString("note").endRecord();
        for (Role role : Role.values()) {
            // Fresh clients per call: a client that looked a schema up answers a later register from its cache.
            try (SchemaRegistryClient client = new RegistrySerdeConfig(roles.get(role)).newClient()) {
                // Every role may look the contract up (that is how serializers find ids without registering).
                assertThat(client.lookup(subject, VideoFrame.getClassSchema())).as("%s looks up", role).isPositive();
            }
            try (SchemaRegistryClient client = new RegistrySerdeConfig(roles.get(role)).newClient()) {
                if (role.registersSchemas()) {
                    assertThat(client.register("security-probe-value", probe)).as("admin registers").isPositive();
                } else {
                    assertThatThrownBy(() -> client.register("security-probe-value", probe))
                            .as("%s registers a schema", role).isInstanceOf(PayloadException.class)
                            .hasMessageContaining("HTTP 403");
                }
            }
        }
    }

    private static void noPasswordInLogsOrOutput(Path runDir, String output) throws Exception {
        Properties passwords = new Properties();
        try (var in = Files.newInputStream(runDir.resolve("secrets").resolve("passwords.properties"))) {
            passwords.load(in);
        }
        List<Path> logs;
        try (Stream<Path> files = Files.walk(runDir)) {
            logs = files.filter(file -> file.toString().endsWith(".log")).toList();
        }
        assertThat(logs).as("broker and registry logs").isNotEmpty();
        for (String user : passwords.stringPropertyNames()) {
            String password = passwords.getProperty(user);
            assertThat(output).as("printed output").doesNotContain(password);
            for (Path log : logs) {
                assertThat(Files.readString(log, StandardCharsets.ISO_8859_1)).as("%s holds %s's password", log, user)
                        .doesNotContain(password);
            }
        }
    }

    private static void assertRefusedWrite(Map<String, Object> role, String topic, String what) {
        Map<String, Object> settings = producerKeys(role);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSAL_TIMEOUT.toMillis());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8),
                    "v".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS))
                    .as(what).satisfiesAnyOf(
                            e -> assertThat(e).hasCauseInstanceOf(TopicAuthorizationException.class),
                            e -> assertThat(e).isInstanceOf(TopicAuthorizationException.class));
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> role) {
        Map<String, Object> settings = ClientSettings.select(role, ConsumerConfig.configNames());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<String, Object> producerKeys(Map<String, Object> role) {
        return ClientSettings.select(role, ProducerConfig.configNames());
    }

    private static Map<String, Object> adminKeys(Map<String, Object> role) {
        return ClientSettings.select(role, AdminClientConfig.configNames());
    }
}
