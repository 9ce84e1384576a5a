package io.actionwatch.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README command 1, end to end: the launcher starts a real broker JVM and a real registry JVM, the stream
 * application, the sink and synthetic cameras, prints events for every camera, and leaves no process behind.
 */
class EmbeddedPipelineIT {

    private static final Path MODEL_DIR = Path.of("..", "model", "reference");

    @Test
    void printsEventsForEveryCameraAndStopsEverythingItStarted(@TempDir Path work) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            exit = new CommandLine(new EmbeddedPipeline(out)).execute(
                    "--cameras", "3", "--duration", "45", "--work-dir", work.toString(),
                    "--model-dir", MODEL_DIR.toString());
        }

        assertThat(exit).as("exit code").isZero();
        List<String> lines = Arrays.asList(printed.toString(StandardCharsets.UTF_8).split("\n"));
        Set<String> camerasWithEvents = lines.stream()
                .filter(line -> line.matches("^cam-\\d+\\s+\\d{2}:\\d{2}:\\d{2}\\.\\d{3}-.*"))
                .map(line -> line.split("\\s+")[0])
                .collect(Collectors.toSet());
        assertThat(camerasWithEvents).as("cameras with printed events in:%n%s", String.join("\n", lines))
                .containsExactlyInAnyOrder("cam-1", "cam-2", "cam-3");
        assertThat(lines).as("ground truth is printed beside events").anyMatch(line -> line.contains("truth="));
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("processes left running by the launcher").isEmpty();
    }
}
