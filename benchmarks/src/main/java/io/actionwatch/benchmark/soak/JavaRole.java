package io.actionwatch.benchmark.soak;

import io.actionwatch.stack.jdk.JavaRuntimes;
import io.actionwatch.stack.process.ChildProcess;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts one role of the pipeline (stream application, sink, cameras) as a JVM of its own, with this JVM's class
 * path, so the soak can read each role's memory apart. Like every JVM of the soak it inherits
 * {@code JDK_JAVA_OPTIONS=-XX:NativeMemoryTracking=summary} from {@code ./run-soak}, which the memory sampler reads.
 */
final class JavaRole {

    /** How long a role has to stop after SIGTERM (the cameras drain their spools, Kafka Streams commits). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private JavaRole() {
    }

    /**
     * @param heap       the role's maximum heap, e.g. {@code 1g}
     * @param mainClass  its main class
     * @param args       its arguments
     * @param logDir     where its output goes, as {@code <name>.log}
     */
    static ChildProcess start(String name, String heap, String mainClass, List<String> args, Path workDir,
                              Path logDir) {
        List<String> command = new ArrayList<>();
        command.add(JavaRuntimes.currentJava().toString());
        // As ./run-pipeline runs the roles: serial GC, so no concurrent GC threads compete with the model for the
        // cores.
        command.addAll(List.of("-XX:+UseSerialGC", "-Xmx" + heap, "-Djava.awt.headless=true",
                "-cp", absoluteClassPath(), mainClass));
        command.addAll(args);
        return ChildProcess.start(name, command, Map.of(), workDir, logDir.resolve(name + ".log"), STOP_GRACE);
    }

    /** This JVM's class path with every entry absolute: the roles run in another working directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
