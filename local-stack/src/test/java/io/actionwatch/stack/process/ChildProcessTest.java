package io.actionwatch.stack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void closeStopsTheProcessAndItsDescendants() {
        List<ProcessHandle> tree;
        ProcessHandle parent;
        try (ChildProcess child = ChildProcess.start("tree", List.of("sh", "-c", "sleep 300 & sleep 300 & wait"),
                Map.of(), dir, dir.resolve("tree.log"), Duration.ofSeconds(5))) {
            child.awaitReady("both sleeps run", Duration.ofSeconds(30), () -> child.handle().descendants().count() == 2);
            parent = child.handle();
            tree = parent.descendants().toList();
        }
        assertThat(parent.isAlive()).isFalse();
        assertThat(tree).hasSize(2).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void outputGoesToTheLogAndEnvironmentIsPassed() {
        Path log = dir.resolve("echo.log");
        try (ChildProcess child = ChildProcess.start("echo", List.of("sh", "-c", "echo out=$GREETING; echo err >&2"),
                Map.of("GREETING", "hello"), dir, log, Duration.ofSeconds(5))) {
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(child.logContains("out=hello")).isTrue();
            assertThat(child.logContains("err")).isTrue();
        }
    }

    @Test
    void logOfAnEarlierRunDoesNotCount() throws Exception {
        Path log = dir.resolve("again.log");
        Files.writeString(log, "READY from an earlier run\n");
        try (ChildProcess child = ChildProcess.start("again", List.of("sh", "-c", "echo starting"), Map.of(), dir, log,
                Duration.ofSeconds(5))) {
            child.awaitExit(Duration.ofSeconds(30));
            assertThat(child.logContains("READY")).isFalse();
            assertThat(child.logContains("starting")).isTrue();
            assertThat(child.logTail()).contains("starting").doesNotContain("earlier run");
        }
    }

    @Test
    void exitBeforeReadyFailsWithTheLogTail() {
        try (ChildProcess child = ChildProcess.start("broken", List.of("sh", "-c", "echo cannot bind port 1234; exit 3"),
                Map.of(), dir, dir.resolve("broken.log"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> child.awaitReady("never", Duration.ofSeconds(60), () -> false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with code 3")
                    .hasMessageContaining("cannot bind port 1234");
        }
    }

    @Test
    void notReadyInTimeFailsWithTheLogTail() {
        try (ChildProcess child = ChildProcess.start("slow", List.of("sh", "-c", "echo warming up; sleep 300"),
                Map.of(), dir, dir.resolve("slow.log"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> child.awaitReady("port open", Duration.ZERO, () -> {
                throw new java.io.IOException("connection refused");
            }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not ready")
                    .hasMessageContaining("connection refused");
        }
    }

    @Test
    void shutdownHookStopsChildrenOfAJvmThatExitsWithoutClosing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HookProbe.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        long childPid;
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long pid = -1;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
                if (line.matches("\\d+")) {
                    pid = Long.parseLong(line);
                }
            }
            childPid = pid;
        }
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("probe JVM exits; output:\n%s", output).isTrue();
        assertThat(childPid).as("probe printed its child's pid; output:\n%s", output).isPositive();
        try {
            assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false))
                    .as("child %d of the exited JVM", childPid).isFalse();
        } finally {
            // Should the hook have failed, do not leave the sleeper behind.
            ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
