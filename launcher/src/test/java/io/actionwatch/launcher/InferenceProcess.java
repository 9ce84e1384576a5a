package io.actionwatch.launcher;

import io.actionwatch.inference.app.InferenceApp;
import io.actionwatch.stack.jdk.JavaRuntimes;
import io.actionwatch.stack.process.ChildProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The stream application as a real process, the way it runs in production: {@link InferenceApp#main} in a JVM of its
 * own with a properties file, on this test JVM's classpath. Unlike an in-process application it can be frozen and
 * killed with SIGKILL, so no shutdown hook, no close and no final commit runs.
 */
final class InferenceProcess implements AutoCloseable {

    /** What Kafka Streams logs (KafkaStreams at INFO, see chaos-inference-logback.xml) once it processes records. */
    static final String RUNNING = "State transition from REBALANCING to RUNNING";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final String LOGBACK = "chaos-inference-logback.xml";

    private final ChildProcess process;

    private InferenceProcess(ChildProcess process) {
        this.process = process;
    }

    /** Starts {@code InferenceApp} with {@code settings} written to {@code dir/name.properties}; logs to {@code dir/name.log}. */
    static InferenceProcess start(String name, Path dir, Map<String, String> settings) {
        Path config = dir.resolve(name + ".properties");
        Properties properties = new Properties();
        properties.putAll(settings);
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                properties.store(out, "stream application " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        Path logback = resource(LOGBACK);
        List<String> command = List.of(JavaRuntimes.currentJava().toString(), "-Xms64m", "-Xmx768m",
                "-Djava.awt.headless=true", "-Dlogback.configurationFile=" + logback,
                "-cp", System.getProperty("java.class.path"), InferenceApp.class.getName(), config.toString());
        return new InferenceProcess(ChildProcess.start(name, command, Map.of(), dir, dir.resolve(name + ".log"),
                Duration.ofSeconds(40)));
    }

    /** Waits until Kafka Streams has its tasks and processes records. */
    void awaitRunning() {
        process.awaitReady("Kafka Streams logs '" + RUNNING + "'", READY_TIMEOUT, () -> process.logContains(RUNNING));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Whether this run's log contains {@code text}. */
    boolean logContains(String text) {
        return process.logContains(text);
    }

    /** How often this run's log contains {@code text}. */
    int logCount(String text) {
        String log = process.log();
        int count = 0;
        for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + text.length())) {
            count++;
        }
        return count;
    }

    String logTail() {
        return process.logTail();
    }

    /**
     * SIGSTOP: the process stops where it is, between any two instructions, with whatever transaction it has open
     * staying open; nothing of it runs until {@link #resume()} or {@link #kill()}.
     */
    void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void resume() {
        signal("CONT");
    }

    /** SIGKILL ({@link ProcessHandle#destroyForcibly()} on Linux), then waits until the process is gone. */
    void kill() {
        ProcessHandle handle = process.handle();
        handle.destroyForcibly();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("process " + process.name() + " (pid " + pid() + ") still there 30 s after "
                    + "SIGKILL", e);
        }
    }

    private void signal(String signal) {
        try {
            // bash's built-in kill: a minimal Debian has no /usr/bin/kill (procps), and the JDK sends only TERM and KILL.
            Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " " + pid()).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal + " " + pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + pid(), e);
        }
    }

    private static Path resource(String name) {
        var url = InferenceProcess.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is not on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + url, e);
        }
    }

    /** Stops the process gracefully (SIGTERM: Kafka Streams commits and leaves the group) unless it is gone. */
    @Override
    public void close() {
        process.close();
    }
}
