package io.actionwatch.benchmark.soak;

import io.actionwatch.benchmark.endtoend.LagProbe;
import io.actionwatch.benchmark.endtoend.LatencyProbe;
import io.actionwatch.inference.app.InferenceApp;
import io.actionwatch.inference.app.InferenceConfig;
import io.actionwatch.inference.app.StreamWiring;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.launcher.LocalInfrastructure;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.sink.app.SinkApp;
import io.actionwatch.sink.app.SinkConfig;
import io.actionwatch.stack.process.ChildProcess;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./run-soak}: the pipeline under a constant load for a long time, each role in a JVM of its own (broker,
 * registry, stream application, sink, cameras), and four questions answered at the end: does any process's memory
 * grow after the warm-up, did any good frame end as a dead letter, was any clip lost or emitted twice (counted
 * against the frames actually on frames.v1), and does latency hold from window to window. Exits 1 naming every
 * goal missed, so it can gate a release.
 */
@Command(name = "run-soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Soak: the pipeline at a constant load for --minutes, memory per process each minute, dead "
                + "letters, lost and duplicate clips, latency per window. Exit 0: every goal met; 1: a goal missed.")
public final class SoakCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SoakCommand.class);

    /**
     * The highest load the soak's own set-up sustains on the reference machine, camera frames/s: every role in a JVM
     * of its own with native memory tracking, eight cameras each with its own producer and spool. Measured by a soak
     * offered the end-to-end benchmark's 616 frames/s x 0.7 = 431: the stream application fell behind and consumed
     * 274 frames/s in its third minute. The default load is a share of this figure, not of a ramp measured first: a
     * soak should put the same load on every run so their memory and latency compare, and a ramp on a shared 2-core
     * machine moves by a tenth between runs and costs minutes.
     */
    static final double SOAK_SUSTAINED_FRAMES_PER_SECOND = 274;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(180);
    /** After the frames are processed, the time for the last transaction's events to reach the latency probe. */
    private static final Duration LAST_EVENTS = Duration.ofSeconds(5);
    private static final String STREAM = "stream";
    private static final String SINK = "sink";
    private static final String CAMERAS = "cameras";
    private static final String BROKER = "broker";
    private static final String REGISTRY = "registry";

    @Option(names = "--minutes", defaultValue = "30", description = "Minutes of load (default ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--cameras", defaultValue = "8", description = "Synthetic cameras (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--fps", description = "Frames per second per camera (default: --load-share of --max-frames, "
            + "divided among the cameras).")
    Double fps;

    @Option(names = "--max-frames", description = "The sustained maximum, camera frames/s over all cameras, that "
            + "--load-share applies to (default: what the soak's set-up sustained on the reference machine, "
            + "274; give another machine's own figure).")
    Double maxFrames;

    @Option(names = "--load-share", defaultValue = "0.7", description = "Share of --max-frames offered "
            + "(default ${DEFAULT-VALUE}).")
    double loadShare;

    @Option(names = "--warmup-minutes", defaultValue = "10", description = "Minutes left out of the memory trends "
            + "(JIT, pools and caches filling; default ${DEFAULT-VALUE}).")
    int warmupMinutes;

    @Option(names = "--window-minutes", defaultValue = "5", description = "Latency window (default ${DEFAULT-VALUE}).")
    int windowMinutes;

    @Option(names = "--flat-floor-mib", defaultValue = "1", description = "Drift at or below this many MiB over the "
            + "trend's span is flat whatever the noise (default ${DEFAULT-VALUE}).")
    double flatFloorMib;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of every topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--model-dir", defaultValue = "model/reference", description = "Model directory (default "
            + "${DEFAULT-VALUE}); a whole-frame model: clips are counted one event each.")
    Path modelDir;

    @Option(names = "--out", description = "Where memory.csv, load.csv, report.md and the processes' logs go "
            + "(default target/soak/<time>).")
    Path out;

    @Option(names = "--keep-work", description = "Keep the broker's and registry's data (frames.v1 holds every frame "
            + "of the run, about 6 MB/s) instead of deleting it after the run; their logs are kept either way.")
    boolean keepWork;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        ModelCard card = ModelDirectory.open(modelDir).card();
        if (card.perPerson()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model-dir " + modelDir
                    + " holds a per-person model; the soak counts one event per clip and needs a whole-frame model");
        }
        ClipGeometry geometry = ClipGeometry.of(card);
        double maximum = maxFrames != null ? maxFrames : SOAK_SUSTAINED_FRAMES_PER_SECOND;
        double perCamera = fps != null ? fps : loadShare * maximum / cameras;
        String basis = fps != null ? "--fps" : String.format(Locale.ROOT, "%.0f%% of %.0f frames/s%s",
                100 * loadShare, maximum, maxFrames != null ? " (--max-frames)"
                        : " (README, Performance: highest sustained end to end)");
        Path dir = (out != null ? out : Path.of("target", "soak",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath();
        Path logs = dir.resolve("logs");
        Path work = dir.resolve("work");
        Files.createDirectories(logs);

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", "./run-soak " + String.join(" ", spec.commandLine().getParseResult()
                .originalArgs()));
        settings.put("started", LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16));
        settings.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel()
                + ", load average at start " + loadAverage());
        settings.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        settings.put("model", card.name() + " " + card.version() + " (T=" + geometry.frames() + ", frameStep "
                + geometry.frameStep() + ", clipStride " + geometry.clipStride() + ")");
        settings.put("load", String.format(Locale.ROOT, "%d cameras x %.1f fps = %.0f camera frames/s (%s), "
                + "%d partitions", cameras, perCamera, cameras * perCamera, basis, partitions));
        settings.put("duration", minutes + " min of load; memory trends over minutes " + warmupMinutes + "-" + minutes
                + " (warm-up " + warmupMinutes + " min); latency windows of " + windowMinutes + " min");
        log.info("soak starting out={} cameras={} fps={} minutes={}", dir, cameras, perCamera, minutes);

        Deque<AutoCloseable> running = new ArrayDeque<>();
        List<Path> infrastructureLogs = null;
        try {
            LocalInfrastructure infrastructure = LocalInfrastructure.start(work, Topics.all(partitions, (short) 1));
            running.push(infrastructure);
            infrastructureLogs = infrastructure.logFiles();
            SinkConfig sinkConfig = sinkConfig(infrastructure);
            Path streamFile = streamProperties(infrastructure, work, dir);
            // Read as the stream application reads it (it inherits this environment).
            boolean sharedStateCache = InferenceConfig.load(Optional.of(streamFile), System.getenv())
                    .stateStoreMemoryBytes() > 0;
            ChildProcess stream = JavaRole.start(STREAM, "1g", InferenceApp.class.getName(),
                    List.of(streamFile.toString()), work, logs);
            running.push(stream);
            ChildProcess sink = JavaRole.start(SINK, "256m", SinkApp.class.getName(),
                    List.of(sinkProperties(infrastructure, dir).toString()), work, logs);
            running.push(sink);
            try (Admin admin = infrastructure.admin()) {
                awaitGroup(admin, stream, StreamWiring.LIVE_APPLICATION_ID);
                awaitGroup(admin, sink, sinkConfig.groupId());
            }
            LatencyProbe latency = new LatencyProbe(infrastructure.bootstrapServers(),
                    infrastructure.schemaRegistryUrl());
            running.push(latency);
            // The camera process's own spools may hold up to 64 MiB per camera while the broker is away: 1 GiB.
            ChildProcess cameraProcess = JavaRole.start(CAMERAS, "1g", SoakCameras.class.getName(), List.of(
                    "--bootstrap-servers", infrastructure.bootstrapServers(),
                    "--schema-registry-url", infrastructure.schemaRegistryUrl(),
                    "--cameras", Integer.toString(cameras), "--fps", Double.toString(perCamera)), work, logs);
            running.push(cameraProcess);
            cameraProcess.awaitReady("it prints '" + SoakCameras.STARTED_LINE + "'", READY_TIMEOUT,
                    () -> cameraProcess.logContains(SoakCameras.STARTED_LINE));

            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put(STREAM, stream.pid());
            pids.put(SINK, sink.pid());
            pids.put(CAMERAS, cameraProcess.pid());
            pids.put(BROKER, infrastructure.brokerPid());
            pids.put(REGISTRY, infrastructure.registryPid());
            List<ChildProcess> roles = List.of(stream, sink, cameraProcess);

            long loadStart = System.currentTimeMillis();
            List<SoakResult.MemoryRow> memory = new ArrayList<>();
            List<SoakResult.LoadRow> load = new ArrayList<>();
            try (Admin admin = infrastructure.admin()) {
                LagProbe lag = new LagProbe(admin, StreamWiring.LIVE_APPLICATION_ID, Topics.FRAMES, partitions);
                try (Probes probes = Probes.attach(pids, sharedStateCache ? Set.of(STREAM) : Set.of())) {
                    sample(probes, lag, loadStart, memory, load);
                    for (int minute = 1; minute <= minutes; minute++) {
                        sleepUntil(loadStart + TimeUnit.MINUTES.toMillis(minute), roles);
                        sample(probes, lag, loadStart, memory, load);
                        SoakResult.LoadRow last = load.get(load.size() - 1);
                        log.info("soak minute={} of={} lag={}", minute, minutes, last.lag());
                    }
                }
                long loadEnd = System.currentTimeMillis();
                // Stopping the cameras sends what they hold; then the application catches up with the last frame.
                running.remove(cameraProcess);
                cameraProcess.close();
                long drainStart = System.nanoTime();
                long lagLeft = drain(lag);
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                Thread.sleep(LAST_EVENTS.toMillis());

                TopicAudit audit = new TopicAudit(infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl());
                Map<String, BitSet> frames = audit.frames();
                ClipLedger.Result clips = ClipLedger.count(geometry, frames, audit.events());
                TopicAudit.DeadLetters deadLetters = audit.deadLetters();
                // Windows cover the load's minutes exactly; the moments the last sample took are left out.
                long windowsEnd = loadStart + TimeUnit.MINUTES.toMillis(minutes);
                List<LatencyWindows.Window> windows = LatencyWindows.of(latency.between(loadStart, windowsEnd),
                        loadStart, windowsEnd, TimeUnit.MINUTES.toMillis(windowMinutes));
                Map<String, Map<MemoryMetric, MemoryTrend>> trends = trends(pids.keySet(), memory);
                settings.put("frames published", String.format(Locale.ROOT, "%d (%.0f/s over the load)", clips.frames(),
                        clips.frames() / ((loadEnd - loadStart) / 1000.0)));
                SoakResult result = new SoakResult(settings, memory, trends, load, clips, deadLetters, windows,
                        goals(trends, clips, deadLetters, lagLeft, drainSeconds));
                SoakReport.writeCsv(result, dir);
                SoakReport.writeMarkdown(result, dir);
                System.out.println();
                System.out.println(SoakReport.markdown(result));
                System.out.println("report: " + dir.resolve("report.md") + ", samples: " + dir.resolve("memory.csv"));
                if (!result.allGoalsMet()) {
                    result.goals().stream().filter(g -> !g.met()).forEach(g ->
                            System.out.println("GOAL MISSED: " + g.goal() + ": " + g.measured()));
                    return 1;
                }
                System.out.println("every goal met");
                return 0;
            }
        } finally {
            closeAll(running);
            if (infrastructureLogs != null) {
                keepLogs(infrastructureLogs, logs);
            }
            if (!keepWork) {
                deleteRecursively(work);
            }
        }
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (minutes < 1 || cameras < 1 || partitions < 1 || windowMinutes < 1 || warmupMinutes < 0
                || warmupMinutes >= minutes) {
            throw new CommandLine.ParameterException(cl, "--minutes, --cameras, --partitions and --window-minutes must "
                    + "be >= 1, and --warmup-minutes between 0 and --minutes - 1");
        }
        if ((fps != null && !(fps > 0)) || (maxFrames != null && !(maxFrames > 0)) || !(loadShare > 0) || !(flatFloorMib >= 0)) {
            throw new CommandLine.ParameterException(cl, "--fps, --max-frames and --load-share must be > 0, "
                    + "--flat-floor-mib >= 0");
        }
        if (!Files.isRegularFile(modelDir.resolve(ModelDirectory.CARD_FILE))) {
            throw new CommandLine.ParameterException(cl, "no " + ModelDirectory.CARD_FILE + " in --model-dir "
                    + modelDir.toAbsolutePath());
        }
    }

    /** Every process's memory (each one's JVM collects first) and the stream application's position. */
    private static void sample(Probes probes, LagProbe lag, long loadStart, List<SoakResult.MemoryRow> memory,
                               List<SoakResult.LoadRow> load) {
        probes.each((process, pid, probe) -> memory.add(new SoakResult.MemoryRow(
                (System.currentTimeMillis() - loadStart) / 60_000.0, process, pid, probe.sample())));
        LagProbe.Position position = lag.sample();
        load.add(new SoakResult.LoadRow((System.currentTimeMillis() - loadStart) / 60_000.0,
                position.endOffsets(), position.committed()));
    }

    private Map<String, Map<MemoryMetric, MemoryTrend>> trends(Iterable<String> processes,
                                                              List<SoakResult.MemoryRow> memory) {
        Map<String, Map<MemoryMetric, MemoryTrend>> trends = new LinkedHashMap<>();
        for (String process : processes) {
            List<SoakResult.MemoryRow> rows = memory.stream()
                    .filter(r -> r.process().equals(process) && r.minute() >= warmupMinutes - 0.01).toList();
            double[] t = rows.stream().mapToDouble(SoakResult.MemoryRow::minute).toArray();
            Map<MemoryMetric, MemoryTrend> perMetric = new EnumMap<>(MemoryMetric.class);
            for (MemoryMetric m : MemoryMetric.values()) {
                double[] v = rows.stream().mapToDouble(r -> m.mib(r.sample())).toArray();
                perMetric.put(m, MemoryTrend.of(t, v, flatFloorMib));
            }
            trends.put(process, perMetric);
        }
        return trends;
    }

    private static List<SoakResult.Goal> goals(Map<String, Map<MemoryMetric, MemoryTrend>> trends,
                                               ClipLedger.Result clips, TopicAudit.DeadLetters deadLetters,
                                               long lagLeft, double drainSeconds) {
        List<String> notFlat = new ArrayList<>();
        int gated = 0;
        for (Map.Entry<String, Map<MemoryMetric, MemoryTrend>> p : trends.entrySet()) {
            for (Map.Entry<MemoryMetric, MemoryTrend> m : p.getValue().entrySet()) {
                if (!m.getKey().gated) {
                    continue;
                }
                gated++;
                MemoryTrend t = m.getValue();
                if (t.verdict().missesGoal()) {
                    notFlat.add(String.format(Locale.ROOT, "%s %s %s (%+.2f MiB/10 min, drift %+.1f MiB, noise sd "
                            + "%.2f)", p.getKey(), m.getKey().title, t.verdict().name().toLowerCase(Locale.ROOT)
                            .replace('_', ' '), t.slopePerTenMin(), t.driftMib(), t.residualSdMib()));
                }
            }
        }
        List<SoakResult.Goal> goals = new ArrayList<>();
        // Without it, lost clips below would include frames simply not processed yet: the load was not sustained.
        goals.add(new SoakResult.Goal("kept up: every frame processed within " + DRAIN_TIMEOUT.toSeconds()
                + " s after the load", lagLeft == 0 ? String.format(Locale.ROOT, "caught up %.0f s after the load",
                drainSeconds) : lagLeft + " frames still unprocessed (the load was not sustained)", lagLeft == 0));
        goals.add(new SoakResult.Goal("memory flat after the warm-up (RSS, heap live, direct, NMT Other per process)",
                notFlat.isEmpty() ? gated + " of " + gated + " flat" : String.join("; ", notFlat), notFlat.isEmpty()));
        goals.add(new SoakResult.Goal("0 dead letters (every frame is good)", deadLetters.total() == 0 ? "0"
                : deadLetters.total() + " " + deadLetters.perKind() + ", e.g. " + deadLetters.examples(),
                deadLetters.total() == 0));
        String firstLost = clips.cameras().stream().filter(c -> c.lost() > 0)
                .map(c -> c.cameraId() + " from sequences " + c.firstLost()).reduce((a, b) -> a + "; " + b).orElse("");
        goals.add(new SoakResult.Goal("0 lost clips (complete on frames.v1, no event)", clips.lost() + " of "
                + clips.expectedClips() + (firstLost.isEmpty() ? "" : ": " + firstLost), clips.lost() == 0
                && clips.expectedClips() > 0));
        goals.add(new SoakResult.Goal("0 duplicate clips (more than one event)", Long.toString(clips.duplicates()),
                clips.duplicates() == 0));
        if (clips.misaligned() > 0) {
            goals.add(new SoakResult.Goal("every event names a clip of the model card's geometry", clips.misaligned()
                    + " events do not", false));
        }
        return goals;
    }

    /** Waits until the application has committed every frame on the topic; returns the lag left (0: caught up). */
    private static long drain(LagProbe lag) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        LagProbe.Position position = lag.sample();
        while (position.lag() > 0) {
            if (System.nanoTime() > deadline) {
                log.warn("the stream application did not catch up within {} s lag={}: clips of the last frames will "
                        + "count as lost", DRAIN_TIMEOUT.toSeconds(), position.lag());
                return position.lag();
            }
            Thread.sleep(500);
            position = lag.sample();
        }
        return 0;
    }

    /** Waits until a minute mark, failing at once (with its log) when a role has died meanwhile. */
    private static void sleepUntil(long wallMillis, List<ChildProcess> roles) throws InterruptedException {
        while (true) {
            for (ChildProcess role : roles) {
                if (!role.isAlive()) {
                    throw new IllegalStateException(role.name() + " exited during the soak; its log "
                            + role.logFile() + " ends with:\n" + role.logTail());
                }
            }
            long left = wallMillis - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, 1000));
        }
    }

    private static void awaitGroup(Admin admin, ChildProcess process, String groupId) {
        process.awaitReady("consumer group " + groupId + " is stable with members", READY_TIMEOUT, () -> {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all()
                    .get(10, TimeUnit.SECONDS).get(groupId);
            return group.groupState() == GroupState.STABLE && !group.members().isEmpty();
        });
    }

    private Path streamProperties(LocalInfrastructure infrastructure, Path work, Path dir) {
        Properties p = new Properties();
        p.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        p.setProperty(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, infrastructure.schemaRegistryUrl());
        p.setProperty(InferenceConfig.MODEL_DIR, modelDir.toAbsolutePath().toString());
        p.setProperty(StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams").toString());
        return store(p, dir.resolve("stream.properties"));
    }

    private static Path sinkProperties(LocalInfrastructure infrastructure, Path dir) {
        Properties p = new Properties();
        p.setProperty(SinkConfig.BOOTSTRAP_SERVERS, infrastructure.bootstrapServers());
        p.setProperty(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, infrastructure.schemaRegistryUrl());
        return store(p, dir.resolve("sink.properties"));
    }

    private static SinkConfig sinkConfig(LocalInfrastructure infrastructure) {
        return SinkConfig.load(Optional.empty(), System.getenv(), Map.of(
                SinkConfig.BOOTSTRAP_SERVERS, infrastructure.bootstrapServers(),
                RegistrySerdeConfig.SCHEMA_REGISTRY_URL, infrastructure.schemaRegistryUrl()));
    }

    private static Path store(Properties p, Path file) {
        try (var writer = Files.newBufferedWriter(file)) {
            p.store(writer, "written by run-soak");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void closeAll(Deque<AutoCloseable> running) {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("failed to stop {}: {}", next.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }

    /** The broker's and registry's logs live in the work directory; they are kept beside the roles' logs. */
    private static void keepLogs(List<Path> files, Path logs) {
        for (Path file : files) {
            try {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, logs.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                log.warn("cannot keep the log {}: {}", file, e.toString());
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            log.warn("cannot delete the work directory {} (delete it by hand): {}", dir, e.toString());
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** One JMX probe per process, attached once, closed together. */
    private static final class Probes implements AutoCloseable {

        @FunctionalInterface
        interface Each {
            void accept(String process, long pid, JvmMemoryProbe probe);
        }

        private final Map<String, Long> pids;
        private final Map<String, JvmMemoryProbe> probes;

        private Probes(Map<String, Long> pids, Map<String, JvmMemoryProbe> probes) {
            this.pids = pids;
            this.probes = probes;
        }

        /** @param sharedStateCache the processes whose RocksDB stores share one block cache */
        static Probes attach(Map<String, Long> pids, Set<String> sharedStateCache) {
            Map<String, JvmMemoryProbe> probes = new LinkedHashMap<>();
            try {
                pids.forEach((process, pid) -> probes.put(process,
                        JvmMemoryProbe.attach(pid, sharedStateCache.contains(process))));
            } catch (RuntimeException e) {
                probes.values().forEach(JvmMemoryProbe::close);
                throw e;
            }
            return new Probes(pids, probes);
        }

        void each(Each action) {
            probes.forEach((process, probe) -> action.accept(process, pids.get(process), probe));
        }

        @Override
        public void close() {
            probes.values().forEach(JvmMemoryProbe::close);
        }
    }
}
