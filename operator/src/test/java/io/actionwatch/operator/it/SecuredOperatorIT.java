package io.actionwatch.operator.it;

import io.actionwatch.ingest.publish.Camera;
import io.actionwatch.ingest.publish.CameraSettings;
import io.actionwatch.launcher.LocalInfrastructure;
import io.actionwatch.operator.history.EventsCommand;
import io.actionwatch.operator.replay.ReplayCommand;
import io.actionwatch.security.Role;
import io.actionwatch.topics.Topics;
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
import java.util.Optional;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator role's rights in a secured stack, through the tools themselves: with only operator.properties
 * (--client-config), a replay runs under its own application id and writes its own topic, whose values register
 * under their record's name, a subject provisioned in advance (the operator may not register schemas); the events
 * tool reads it back; a replay into the live events topic is refused, since the operator may not write actions.v1.
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
                    "--topic", "actions.replay.secured-check.v1", "--format", "json");
            assertThat(events.exit).as("events as operator:%n%s%n%s", events.out, events.err).isZero();
            assertThat(events.out).contains("\"cameraId\":\"secured-cam\"");

            Run intoLive = run((out, err) -> new ReplayCommand(out, err, Clock.systemUTC()), "--client-config", operator,
                    "--from", from.toString(), "--to", to.toString(), "--model-dir", MODEL_DIR.toString(),
                    "--into-live-actions");
            assertThat(intoLive.exit).as("replay into actions.v1 as operator:%n%s", intoLive.out).isNotZero();
            assertThat(intoLive.out + intoLive.err).containsIgnoringCase("authoriz");
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
