package io.actionwatch.stack.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process with its output in a log file, stopped with all its descendants on {@link #close()} and, should
 * the JVM exit without closing it, by a shutdown hook, so a stack never leaves stray brokers or registries behind.
 * (A JVM killed with SIGKILL runs no hooks; nothing in-process can help there.)
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final int TAIL_BYTES = 16 * 1024;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Duration stopGrace;
    private final long logStart;
    private final Thread shutdownHook;

    private ChildProcess(String name, Process process, Path logFile, long logStart, Duration stopGrace) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
        this.stopGrace = stopGrace;
        this.shutdownHook = new Thread(this::stop, "stop-" + name);
    }

    /**
     * Starts {@code command} in {@code workDir} with {@code extraEnv} added to this process's environment;
     * stdout and stderr go (appended) to {@code logFile}.
     *
     * @param stopGrace how long {@link #close()} waits after SIGTERM before killing the process tree
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> extraEnv, Path workDir,
                                     Path logFile, Duration stopGrace) {
        Objects.requireNonNull(name, "name");
        long logStart;
        try {
            Files.createDirectories(workDir);
            Path logDir = logFile.toAbsolutePath().getParent();
            if (logDir != null) {
                Files.createDirectories(logDir);
            }
            // The log is appended to across runs; this run's output starts here.
            logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directories for " + name + " in " + workDir, e);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
        ChildProcess child = new ChildProcess(name, process, logFile, logStart, stopGrace);
        Runtime.getRuntime().addShutdownHook(child.shutdownHook);
        log.info("started process={} pid={} log={}", name, process.pid(), logFile);
        return child;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits for the process to exit by itself (for one-shot tools) and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s; log "
                        + logFile + " ends with:\n" + logTail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to finish", e);
        }
    }

    /** A check that may fail with an exception, which counts as "not ready yet". */
    @FunctionalInterface
    public interface ReadinessCheck {
        boolean ready() throws Exception;
    }

    /**
     * Polls {@code check} until it passes.
     *
     * @throws IllegalStateException with the end of the log when the process exits first or {@code timeout} passes
     */
    public void awaitReady(String what, Duration timeout, ReadinessCheck check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "not checked yet";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before " + what
                        + "; log " + logFile + " ends with:\n" + logTail());
            }
            try {
                if (check.ready()) {
                    return;
                }
                lastProblem = "check not passed";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + what, e);
            } catch (Exception e) {
                lastProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " (pid " + pid() + ") not ready within " + timeout.toSeconds()
                        + " s: " + what + " (" + lastProblem + "); log " + logFile + " ends with:\n" + logTail());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + what, e);
            }
        }
    }

    /** Whether this run's part of the log contains {@code text}. */
    public boolean logContains(String text) {
        return log().contains(text);
    }

    /** What this run has written to the log so far. */
    public String log() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            if (length <= logStart) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - logStart)];
            file.seek(logStart);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log " + logFile + " of " + name, e);
        }
    }

    /** The last lines this run wrote to the log file (at most 16 KiB), for error messages. */
    public String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            long start = Math.max(logStart, length - TAIL_BYTES);
            if (length <= start) {
                return "(nothing logged)";
            }
            byte[] bytes = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return start > logStart ? "..." + text.substring(Math.max(0, text.indexOf('\n') + 1)) : text;
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the process tree (SIGTERM, then SIGKILL after the grace period) and waits until it is gone. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (we may be inside a hook ourselves): the hook runs or has run.
            log.debug("shutdown in progress, hook stays process={}", name);
        }
    }

    private synchronized void stop() {
        // Taken before the parent dies: afterwards its children are re-parented and no longer its descendants.
        List<ProcessHandle> descendants = process.descendants().toList();
        if (!process.isAlive() && descendants.stream().noneMatch(ProcessHandle::isAlive)) {
            return;
        }
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        if (!awaitGone(process.toHandle(), descendants, stopGrace)) {
            log.warn("process did not stop within grace period, killing process={} pid={} graceMs={}",
                    name, process.pid(), stopGrace.toMillis());
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            if (!awaitGone(process.toHandle(), descendants, Duration.ofSeconds(10))) {
                log.error("process still alive after SIGKILL process={} pid={}", name, process.pid());
                return;
            }
        }
        log.info("stopped process={} pid={} exitCode={}", name, process.pid(), exitCodeOnceReaped());
    }

    /**
     * The exit code, waiting briefly for the JDK's reaper: its handle can report the process gone before the
     * {@link Process} object has collected the status (seen under load), and exitValue() would then throw.
     */
    private String exitCodeOnceReaped() {
        try {
            return process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)
                    ? Integer.toString(process.exitValue()) : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static boolean awaitGone(ProcessHandle parent, List<ProcessHandle> descendants, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : concat(parent, descendants)) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 && handle.isAlive()) {
                return false;
            }
            CompletableFuture<ProcessHandle> exit = handle.onExit();
            try {
                exit.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !handle.isAlive();
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for pid " + handle.pid() + " to exit failed", e.getCause());
            }
        }
        return true;
    }

    private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }
}
