package io.actionwatch.operator.it;

import io.actionwatch.config.ClientSettings;
import io.actionwatch.ingest.publish.Camera;
import io.actionwatch.ingest.publish.CameraSettings;
import io.actionwatch.launcher.LocalInfrastructure;
import io.actionwatch.operator.history.EventsCommand;
import io.actionwatch.operator.replay.ReplayCommand;
import io.actionwatch.security.Role;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator role's rights in a secured stack, through the tools themselves: with only operator.properties
 * (--client-config), a replay runs under its own application id and writes its own topic, whose values register
 * under their record's name, a subject provisioned in advance (the operator may not register schemas); the events
 * tool reads it back; writing the live events topic is refused.
 */
class SecuredOperatorIT {

    private static final Path MODEL_DIR = Path.of("..", "model", "reference");

    @Test
    void theOperatorReplaysAndReadsButCannotWriteLiveEvents(@TempDir Path work) throws Exception {
        try (LocalInfrastructure infra = LocalInfrastructure.start(work, Topics.all(1, (short) 1),
                Optional.of(LocalInfrastructure.embeddedAccessPolicy()))) {
            Instant from = Instant.now().minusSeconds(1);
            CameraSettings camera = CameraSettings.of("secured-cam", infra.clientSettings(Role.CAMERA))
                    .withFps(25).withFramesLimit(100);
            try (Camera running = Camera.startSynthetic(camera, 11, 320, 240)) {
                assertThat(running.awaitCompletion(Duration.ofSeconds(90))).as("the camera published its frames").isTrue();
                assertThat(running.stats().sent()).isEqualTo(100);
            }
            Instant to = Instant.now().plusSeconds(1);
            String operator = infra.clientSettingsFile(Role.OPERATOR).toString();

            Run replay = run((out, err) -> new ReplayCommand(out, err, Clock.systemUTC()), "--client-config", operator,
                    "--from", from.toString(), "--to", to.toString(), "--model-dir", MODEL_DIR.toString(),
                    "--output-topic", "actions.replay.secured-check.v1");
            assertThat(replay.exit).as("replay as operator:%n%s%n%s", replay.out, replay.err).isZero();
            assertThat(replay.out).containsPattern("clips: [1-9]\\d* events written to actions\\.replay\\.secured-check\\.v1");

            Run events = run((out, err) -> new EventsCommand(), "--client-config", operator,
                    "--topic", "actions.replay.secured-check.v1", "--format", "jsonl");
            assertThat(events.exit).as("events as operator:%n%s%n%s", events.out, events.err).isZero();
            assertThat(events.out).contains("\"cameraId\":\"secured-cam\"");

            // Nor may the operator write the live events, whatever tool it uses.
            Map<String, Object> producer = ClientSettings.select(infra.clientSettings(Role.OPERATOR),
                    ProducerConfig.configNames());
            producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
            try (KafkaProducer<byte[], byte[]> live = new KafkaProducer<>(producer, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                assertThatThrownBy(() -> live.send(new ProducerRecord<>(Topics.ACTIONS, new byte[1], new byte[1]))
                        .get(30, TimeUnit.SECONDS)).as("the operator writes actions.v1")
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(BiFunction<PrintStream, PrintStream, Object> command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine line = new CommandLine(command.apply(outStream, errStream));
        line.setOut(new PrintWriter(outStream, true));
        line.setErr(new PrintWriter(errStream, true));
        int exit = line.execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
