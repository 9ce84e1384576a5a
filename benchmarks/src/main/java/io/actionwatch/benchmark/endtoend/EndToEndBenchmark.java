package io.actionwatch.benchmark.endtoend;

import io.actionwatch.launcher.LocalInfrastructure;

import io.actionwatch.benchmark.cpu.ProcessCpu;
import io.actionwatch.benchmark.frames.PreRenderedFrames;
import io.actionwatch.benchmark.memory.MemoryProbe;
import io.actionwatch.benchmark.stats.LagTrend;
import io.actionwatch.benchmark.stats.Percentiles;
import io.actionwatch.benchmark.stats.Summary;
import io.actionwatch.config.LayeredConfig;
import io.actionwatch.inference.app.InferenceApp;
import io.actionwatch.inference.app.InferenceConfig;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Section 2, end to end: the real stream application on the real broker and registry, fed by K cameras replaying
 * pre-encoded frames. The offered load (K cameras x fps) is stepped up as fractions of the ceiling until consumer
 * lag grows, then the boundary is bisected. A step is "sustained" when lag does not trend upwards (see
 * {@link LagTrend}); its processed rate is the application's committed input offsets per second over the step.
 */
public final class EndToEndBenchmark {

    private static final Logger log = LoggerFactory.getLogger(EndToEndBenchmark.class);
    static final String APPLICATION_ID = "actionwatch-inference";
    /** Warm-up load: below what the pipeline sustains, so the warm-up measures no overload. */
    private static final double WARMUP_CEILING_FRACTION = 0.3;
    /** The JIT compilers count as settled below this many cores over a window (2.5% of a 2-core machine). */
    private static final double JIT_SETTLED_CORES = 0.05;
    private static final long JIT_WINDOW_SECONDS = 5;
    private static final int JIT_QUIET_WINDOWS = 3;
    private static final Map<String, String> CLIENT_REQUEST_GROUPS = Map.of("consumer-metrics", "consumer",
            "producer-metrics", "producer", "admin-client-metrics", "admin");

    /**
     * How the run is shaped.
     *
     * @param repeats how many more times the best sustained step is measured after the search, so the figure comes
     *                with a spread and a count of how often that load was sustained
     */
    public record Plan(int cameras, int cameraFramesPerClip, List<Double> ceilingFractions, int refinements,
                       int repeats, long warmupSeconds, long maxWarmupSeconds, long settleSeconds, long measureSeconds,
                       Map<String, String> appOverrides) {
    }

    /**
     * One load step.
     *
     * @param processedFramesPerSecond camera frames the application consumed and committed per second
     * @param lagSlopeFramesPerSecond  least-squares growth of lag during the measuring window
     */
    public record Step(double ceilingFraction, double fpsPerCamera, double offeredFramesPerSecond,
                       double sentFramesPerSecond, double processedFramesPerSecond, double lagStart, double lagEnd,
                       double lagSlopeFramesPerSecond, boolean sustained, int events, Long p50Millis,
                       Long p95Millis, Long p99Millis, Long maxMillis, double meanBatchSize,
                       double meanInferenceMillis, Map<String, Double> cpuSecondsPerSecond, MemoryProbe memory,
                       double modelCpuMillisPerClip, double modelWallMillisPerClip,
                       Map<String, Double> pipelineMetrics) {
    }

    /**
     * How the warm-up went: its load, how long it ran, the rule for "settled" (the JIT compilers of this JVM, the
     * broker and the registry below {@code settledBelowCores} for {@code quietSeconds} in a row) and how busy they were
     * in its last window.
     */
    public record Warmup(double ceilingFraction, double seconds, double settledBelowCores, long quietSeconds,
                         double jitCoresAtEnd, boolean settled) {
    }

    public record Result(int cores, int cameras, int partitions, int cameraFramesPerClip,
                         Map<String, String> appSettings, double ceilingFramesPerSecond, Warmup warmup,
                         List<Step> steps, Step best, List<Step> repeats, double sustainedFramesPerSecond,
                         double efficiency, Double saturatedFramesPerSecond, MemoryProbe idleMemory,
                         long brokerRssBytes, long registryRssBytes, double memoryPerCameraBytes,
                         double javaMemoryPerCameraBytes) {

        /** Processed camera frames/s of the best step and of its repeats; null without a sustained step. */
        public Summary bestStepFramesPerSecond() {
            if (best == null) {
                return null;
            }
            double[] rates = new double[1 + repeats.size()];
            rates[0] = best.processedFramesPerSecond();
            for (int i = 0; i < repeats.size(); i++) {
                rates[i + 1] = repeats.get(i).processedFramesPerSecond();
            }
            return Summary.of(rates);
        }

        /** How many of the best step's repeats sustained its load as well. */
        public long repeatsSustained() {
            return repeats.stream().filter(Step::sustained).count();
        }
    }

    private final LocalInfrastructure infrastructure;
    private final PreRenderedFrames frames;
    private final Path modelDir;
    private final Path workDir;
    private final int partitions;
    private final LagTrend trend = new LagTrend(0.03, 1.0);

    public EndToEndBenchmark(LocalInfrastructure infrastructure, PreRenderedFrames frames, Path modelDir,
                             Path workDir, int partitions) {
        this.infrastructure = infrastructure;
        this.frames = frames;
        this.modelDir = modelDir;
        this.workDir = workDir;
        this.partitions = partitions;
    }

    public Result run(Plan plan, double ceilingFramesPerSecond) throws InterruptedException {
        Map<String, String> settings = appSettings(plan);
        InferenceApp app = createOnNamedThread(settings);
        try (app; Admin admin = infrastructure.admin();
             LatencyProbe latency = new LatencyProbe(infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl());
             FrameLoad load = new FrameLoad(frames, plan.cameras(), infrastructure.bootstrapServers(),
                     infrastructure.schemaRegistryUrl())) {
            app.start();
            awaitRunning(app);
            MemoryProbe idle = MemoryProbe.now(true);
            LagProbe lag = new LagProbe(admin, APPLICATION_ID, Topics.FRAMES, partitions);

            Warmup warmup = warmUp(plan, load, latency, ceilingFramesPerSecond);
            drain(load, lag, 30);
            logTasksPerThread(app);

            List<Step> steps = new ArrayList<>();
            Step lastGood = null;
            Step firstBad = null;
            for (double fraction : plan.ceilingFractions()) {
                Step s = step(plan, app, load, lag, latency, fraction, ceilingFramesPerSecond);
                steps.add(s);
                if (s.sustained()) {
                    lastGood = s;
                } else {
                    firstBad = s;
                    break;
                }
            }
            for (int r = 0; r < plan.refinements() && firstBad != null; r++) {
                double low = lastGood == null ? 0 : lastGood.ceilingFraction();
                double mid = (low + firstBad.ceilingFraction()) / 2;
                drain(load, lag, 30);
                Step s = step(plan, app, load, lag, latency, mid, ceilingFramesPerSecond);
                steps.add(s);
                if (s.sustained()) {
                    lastGood = s;
                } else {
                    firstBad = s;
                }
            }
            Step best = lastGood;
            List<Step> repeats = new ArrayList<>();
            for (int r = 0; r < plan.repeats() && best != null; r++) {
                drain(load, lag, 30);
                repeats.add(step(plan, app, load, lag, latency, best.ceilingFraction(), ceilingFramesPerSecond));
            }
            logTasksPerThread(app);
            load.setFps(0);
            double sustained = best == null ? 0 : best.processedFramesPerSecond();
            double perCamera = best == null ? 0
                    : (double) (best.memory().rssBytes() - idle.rssBytes()) / plan.cameras();
            double javaPerCamera = best == null ? 0
                    : (double) (best.memory().heapUsedBytes() + best.memory().directBufferBytes()
                    - idle.heapUsedBytes() - idle.directBufferBytes()) / plan.cameras();
            long brokerRss = childRss("kafka");
            long registryRss = childRss("quarkus");
            return new Result(Runtime.getRuntime().availableProcessors(), plan.cameras(), partitions,
                    plan.cameraFramesPerClip(), settings, ceilingFramesPerSecond, warmup, steps, best, repeats,
                    sustained, sustained / ceilingFramesPerSecond,
                    firstBad == null ? null : firstBad.processedFramesPerSecond(),
                    idle, brokerRss, registryRss, perCamera, javaPerCamera);
        }
    }

    private Step step(Plan plan, InferenceApp app, FrameLoad load, LagProbe lag, LatencyProbe latency,
                      double fraction, double ceiling) throws InterruptedException {
        double offered = fraction * ceiling;
        double fps = offered / plan.cameras();
        load.setFps(fps);
        Thread.sleep(plan.settleSeconds() * 1000);
        long sentStart = load.sent();
        long wallStart = System.currentTimeMillis();
        Map<String, Double> cpuStart = ProcessCpu.snapshot();
        Map<String, Double> metricsStart = pipelineMetrics(app.streams());
        List<LagProbe.Position> positions = new ArrayList<>();
        long deadline = System.nanoTime() + plan.measureSeconds() * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            positions.add(lag.sample());
            Thread.sleep(500);
        }
        positions.add(lag.sample());
        Map<String, Double> cpuEnd = ProcessCpu.snapshot();
        Map<String, Double> metricsEnd = pipelineMetrics(app.streams());
        long wallEnd = System.currentTimeMillis();
        long sentEnd = load.sent();
        double seconds = (wallEnd - wallStart) / 1000.0;

        LagProbe.Position first = positions.get(0);
        LagProbe.Position last = positions.get(positions.size() - 1);
        double[] t = new double[positions.size()];
        double[] l = new double[positions.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = (positions.get(i).timeNanos() - first.timeNanos()) / 1e9;
            l[i] = positions.get(i).lag();
        }
        double window = (last.timeNanos() - first.timeNanos()) / 1e9;
        double processed = (last.committed() - first.committed()) / window;
        double sentRate = (sentEnd - sentStart) / seconds;
        // Lag alone can hide a slow leak within one window; the processed rate must also match what was sent.
        boolean sustained = trend.sustained(t, l, offered) && processed >= 0.97 * sentRate;

        List<LatencyProbe.Sample> samples = latency.between(wallStart, wallEnd);
        long[] millis = samples.stream().mapToLong(LatencyProbe.Sample::latencyMillis).toArray();
        Percentiles p = new Percentiles(millis);
        boolean any = p.count() > 0;
        Map<String, Double> cpu = new TreeMap<>();
        ProcessCpu.between(cpuStart, cpuEnd).forEach((k, v) -> cpu.put(k, v / seconds));
        MemoryProbe memory = MemoryProbe.now(true);
        Step s = new Step(fraction, fps, offered, sentRate, processed, first.lag(), last.lag(),
                LagTrend.slope(t, l), sustained, samples.size(), any ? p.at(50) : null, any ? p.at(95) : null,
                any ? p.at(99) : null, any ? p.at(100) : null,
                samples.stream().mapToInt(LatencyProbe.Sample::batchSize).average().orElse(0),
                samples.stream().mapToDouble(LatencyProbe.Sample::inferenceMillis).average().orElse(0),
                cpu, memory, perClip(metricsStart, metricsEnd, PipelineSensors.INFERENCE_CPU_MILLIS + "-total"),
                perClip(metricsStart, metricsEnd, PipelineSensors.INFERENCE_MILLIS + "-total"), metricsEnd);
        log.info("step fraction={} offered={} processed={} lagStart={} lagEnd={} sustained={} events={} p50={} p99={}",
                String.format("%.2f", fraction), String.format("%.0f", offered), String.format("%.0f", processed),
                first.lag(), last.lag(), sustained, samples.size(), s.p50Millis(), s.p99Millis());
        return s;
    }

    /** Pauses the cameras until the application has caught up (or the time is up). */
    private static void drain(FrameLoad load, LagProbe lag, int maxSeconds) throws InterruptedException {
        double fps = load.fps();
        load.setFps(0);
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline && lag.sample().lag() > 50) {
            Thread.sleep(250);
        }
        load.setFps(fps);
    }

    private Map<String, String> appSettings(Plan plan) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        s.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        s.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, infrastructure.schemaRegistryUrl());
        s.put(InferenceConfig.MODEL_DIR, modelDir.toString());
        s.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("streams").toString());
        s.putAll(plan.appOverrides());
        return s;
    }

    /**
     * Creates the application on a thread named {@link ProcessCpu#ONNX_THREAD_NAME}: ONNX Runtime's pool threads
     * inherit that name, which is how the CPU table tells them apart.
     */
    private static InferenceApp createOnNamedThread(Map<String, String> settings) {
        Properties layered = LayeredConfig.load(InferenceConfig.CLASSPATH_DEFAULTS, Optional.empty(), Map.of(),
                InferenceConfig.ENV_PREFIX, InferenceConfig.knownKeys());
        layered.putAll(settings);
        InferenceConfig config = new InferenceConfig(layered);
        CompletableFuture<InferenceApp> created = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                created.complete(InferenceApp.create(config));
            } catch (Throwable e) {
                created.completeExceptionally(e);
            }
        }, ProcessCpu.ONNX_THREAD_NAME);
        t.start();
        return created.join();
    }

    /** Which stream thread runs which tasks: a thread that owns every task leaves the other core to the broker. */
    private static void logTasksPerThread(InferenceApp app) {
        app.streams().metadataForLocalThreads().forEach(thread -> log.info("stream thread tasks thread={} active={}",
                thread.threadName().replaceAll(".*-(StreamThread-\\d+)$", "$1"),
                thread.activeTasks().stream().map(task -> task.taskId().toString()).sorted().toList()));
    }

    private static void awaitRunning(InferenceApp app) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (app.streams().state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || app.streams().state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the stream application did not reach RUNNING: "
                        + app.streams().state());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Runs the cameras at a moderate load until events flow and the JIT compilers of every JVM involved have
     * settled. Freshly started JVMs compile for a minute or more under load (measured: the broker's and this JVM's C2
     * threads together took 0.5 of the 2 cores in the first minute), and a step measured during that time says
     * more about the warm-up than about the pipeline.
     */
    private static Warmup warmUp(Plan plan, FrameLoad load, LatencyProbe latency, double ceilingFramesPerSecond)
            throws InterruptedException {
        double warmFps = WARMUP_CEILING_FRACTION * ceilingFramesPerSecond / plan.cameras();
        load.setFps(warmFps);
        log.info("warm-up cameras={} fpsPerCamera={} minSeconds={} maxSeconds={} settledBelowJitCores={}",
                plan.cameras(), String.format("%.1f", warmFps), plan.warmupSeconds(), plan.maxWarmupSeconds(),
                JIT_SETTLED_CORES);
        long started = System.nanoTime();
        long firstEventDeadline = started + TimeUnit.SECONDS.toNanos(Math.max(60, plan.warmupSeconds()));
        while (latency.total() == 0) {
            if (System.nanoTime() > firstEventDeadline) {
                throw new IllegalStateException("no action event arrived within "
                        + Math.max(60, plan.warmupSeconds()) + " s");
            }
            Thread.sleep(200);
        }
        // Compilation comes in bursts: one quiet window is not enough, several in a row are.
        double jitCores;
        int quietWindows = 0;
        do {
            double jitBefore = ProcessCpu.jitCpuSeconds();
            long windowStart = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(JIT_WINDOW_SECONDS));
            jitCores = (ProcessCpu.jitCpuSeconds() - jitBefore) / ((System.nanoTime() - windowStart) / 1e9);
            quietWindows = jitCores < JIT_SETTLED_CORES ? quietWindows + 1 : 0;
            log.debug("warm-up window jitCores={} quietWindows={}", String.format("%.3f", jitCores), quietWindows);
        } while (secondsSince(started) < plan.warmupSeconds()
                || (quietWindows < JIT_QUIET_WINDOWS && secondsSince(started) < plan.maxWarmupSeconds()));
        boolean settled = quietWindows >= JIT_QUIET_WINDOWS;
        Warmup warmup = new Warmup(WARMUP_CEILING_FRACTION, secondsSince(started), JIT_SETTLED_CORES,
                JIT_QUIET_WINDOWS * JIT_WINDOW_SECONDS, jitCores, settled);
        if (settled) {
            log.info("warm-up done seconds={} jitCores={}", String.format("%.0f", warmup.seconds()),
                    String.format("%.3f", jitCores));
        } else {
            log.warn("warm-up ended before the JIT compilers settled seconds={} jitCores={}: the first steps may "
                    + "measure compilation", String.format("%.0f", warmup.seconds()), String.format("%.3f", jitCores));
        }
        return warmup;
    }

    private static double secondsSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /**
     * Milliseconds of a cumulative model-call counter per clip classified within the step's window. From totals,
     * not the metrics' own averages, which span the last minute and so mix in the previous step.
     */
    private static double perClip(Map<String, Double> start, Map<String, Double> end, String totalMillis) {
        String batchedClips = PipelineSensors.BATCHED_CLIPS + "-total";
        double clips = end.getOrDefault(batchedClips, 0.0) - start.getOrDefault(batchedClips, 0.0);
        if (clips <= 0 || !end.containsKey(totalMillis)) {
            return Double.NaN;
        }
        return (end.get(totalMillis) - start.getOrDefault(totalMillis, 0.0)) / clips;
    }

    /** The application's own counters: our sensors summed over tasks, and the stream thread's latencies. */
    static Map<String, Double> pipelineMetrics(KafkaStreams streams) {
        Map<String, Double> out = new TreeMap<>();
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            boolean ours = PipelineSensors.GROUP.equals(n.group());
            boolean thread = "stream-thread-metrics".equals(n.group()) && (n.name().endsWith("-latency-avg")
                    || n.name().endsWith("-ratio") || n.name().equals("process-rate") || n.name().equals("commit-rate"));
            // What the application asks of the broker: requests per second over all its clients.
            String client = CLIENT_REQUEST_GROUPS.get(n.group());
            boolean requests = client != null && n.name().equals("request-rate");
            if (requests) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number number && Double.isFinite(number.doubleValue())) {
                    out.merge("broker." + client + "-requests-rate", number.doubleValue(), Double::sum);
                }
                continue;
            }
            if (!ours && !thread) {
                continue;
            }
            Object v = e.getValue().metricValue();
            if (!(v instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                continue;
            }
            String key = (ours ? "" : "thread.") + n.name();
            // Per-task sensors: rates and totals add up across tasks, maxima take the largest, averages are averaged.
            boolean average = n.name().endsWith("-avg") || n.name().endsWith("-ratio");
            out.merge(key, number.doubleValue(), n.name().endsWith("-max") ? Math::max : Double::sum);
            if (average) {
                counts.merge(key, 1, Integer::sum);
            }
        }
        counts.forEach((k, c) -> out.computeIfPresent(k, (key, sum) -> sum / c));
        return out;
    }

    private static long childRss(String commandContains) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(commandContains))
                .mapToLong(p -> MemoryProbe.rssOf(p.pid())).sum();
    }
}
