package io.actionwatch.benchmark.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time by thread of this JVM and by child process (broker, registry), from /proc. Threads are grouped by their
 * kernel name: HotSpot names native threads after Java threads (first 15 characters), and native threads ONNX
 * Runtime starts inherit the name of the thread that created the session, so the suite creates it on a thread
 * named {@link #ONNX_THREAD_NAME} to tell the model's pool apart from everything else.
 */
public final class ProcessCpu {

    public static final String ONNX_THREAD_NAME = "onnx-session";
    public static final String STREAM_THREADS = "stream thread (intake, state, decode, model caller)";
    public static final String BROKER_JVM = "broker JVM";
    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU seconds consumed so far, per group. */
    public static Map<String, Double> snapshot() {
        Map<String, Double> out = new HashMap<>();
        try {
            for (String[] stat : threadStats(Path.of("/proc/self/task"))) {
                out.merge(group(stat[0]), Double.parseDouble(stat[1]), Double::sum);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/task: " + e, e);
        }
        ProcessHandle.current().children().forEach(child -> {
            String[] stat = readStat(Path.of("/proc", Long.toString(child.pid()), "stat"));
            if (stat != null) {
                String command = child.info().commandLine().orElse("");
                String name = command.contains("kafka") ? BROKER_JVM : command.contains("quarkus")
                        || command.contains("apicurio") ? "registry JVM" : "child " + child.pid();
                // Children's own children are not expected; their time would appear here as cutime.
                out.merge(name, Double.parseDouble(stat[1]), Double::sum);
            }
        });
        return out;
    }

    /**
     * CPU seconds the JIT compilers of this JVM and of its child JVMs (broker, registry) have used so far. A JVM that
     * still compiles takes CPU from what is being measured and runs code that is not yet at full speed.
     */
    public static double jitCpuSeconds() {
        double seconds = jitSecondsOf(Path.of("/proc/self/task"));
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            seconds += jitSecondsOf(Path.of("/proc", Long.toString(child.pid()), "task"));
        }
        return seconds;
    }

    private static double jitSecondsOf(Path tasksDir) {
        double seconds = 0;
        try {
            for (String[] stat : threadStats(tasksDir)) {
                if (isJitCompiler(stat[0])) {
                    seconds += Double.parseDouble(stat[1]);
                }
            }
        } catch (IOException e) {
            // A child that exited before its threads were listed has no compiler time left to count.
            return 0;
        }
        return seconds;
    }

    /** [comm, cpu seconds] of each thread in a {@code /proc/<pid>/task} directory that still exists when read. */
    private static List<String[]> threadStats(Path tasksDir) throws IOException {
        List<String[]> stats = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(tasksDir)) {
            for (Path task : tasks.toList()) {
                String[] stat = readStat(task.resolve("stat"));
                if (stat != null) {
                    stats.add(stat);
                }
            }
        }
        return stats;
    }

    private static boolean isJitCompiler(String comm) {
        return comm.startsWith("C2 Compiler") || comm.startsWith("C1 Compiler");
    }

    /** CPU seconds per group between two snapshots, largest first. */
    public static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0.0);
            if (d > 0.005) {
                out.put(k, d);
            }
        });
        return out;
    }

    static String group(String comm) {
        if (comm.startsWith(ONNX_THREAD_NAME)) {
            return "ONNX Runtime pool";
        }
        if (comm.contains("StreamThread") || comm.startsWith("actionwatch-inf")) {
            return STREAM_THREADS;
        }
        if (comm.startsWith("kafka-producer")) {
            return "producer I/O threads";
        }
        if (comm.startsWith("camera-load")) {
            return "camera load generator";
        }
        if (comm.startsWith("latency-probe")) {
            return "latency probe consumer";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
            return "GC / VM";
        }
        if (isJitCompiler(comm)) {
            return "JIT compiler";
        }
        return "other threads";
    }

    /** [comm, cpu seconds] of a /proc stat file, or null when the task has gone. */
    private static String[] readStat(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            return null; // the thread or process ended between listing and reading
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        String comm = line.substring(open + 1, close);
        String[] fields = line.substring(close + 2).split(" ");
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return new String[]{comm, Double.toString(ticks / TICKS_PER_SECOND)};
    }

    private ProcessCpu() {
    }

    /** Sorted copy for printing. */
    public static Map<String, Double> sorted(Map<String, Double> cpu) {
        return new TreeMap<>(cpu);
    }
}
