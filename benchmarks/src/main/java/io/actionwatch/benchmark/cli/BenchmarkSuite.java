package io.actionwatch.benchmark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.actionwatch.benchmark.camera.CameraBenchmark;
import io.actionwatch.benchmark.replay.ReplayBenchmark;
import io.actionwatch.benchmark.ceiling.CeilingBenchmark;
import io.actionwatch.launcher.LocalInfrastructure;
import io.actionwatch.benchmark.endtoend.EndToEndBenchmark;
import io.actionwatch.benchmark.frames.PreRenderedFrames;
import io.actionwatch.benchmark.overlap.OverlapBenchmark;
import io.actionwatch.benchmark.people.PeopleBenchmark;
import io.actionwatch.benchmark.report.SuiteReport;
import io.actionwatch.benchmark.report.TablePrinter;
import io.actionwatch.benchmark.stages.KafkaStageBenchmark;
import io.actionwatch.benchmark.stages.StageBenchmark;
import io.actionwatch.benchmark.stats.Repeated;
import io.actionwatch.benchmark.stats.Summary;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.inference.pose.PoseModel;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.topics.TopicSpec;
import io.actionwatch.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The benchmark suite ({@code ./run-benchmarks}): ceiling, overlap, stage breakdown and end to end with memory, then
 * the camera side, in that order, so that the model-only sections run before the broker and registry exist and
 * share the CPU with nothing of ours, and the camera section's frames do not change the broker's state before the
 * end-to-end run. Prints tables and writes the JSON report.
 */
@Command(name = "run-benchmarks", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the model's ceiling and the pipeline against it on this machine.")
public final class BenchmarkSuite implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(BenchmarkSuite.class);
    /** A single-partition topic for the Kafka transfer microbenchmarks, beside the pipeline's own topics. */
    private static final String SCRATCH_TOPIC = "benchmark.scratch";
    /** Where the camera section publishes: nothing consumes it, unlike frames.v1 in the end-to-end section. */
    private static final String CAMERA_TOPIC = "benchmark.camera";

    enum Section { ceiling, overlap, stages, e2e, people, camera, replay }

    @Option(names = "--quick", description = "Short runs (about 2-3 minutes): for checking the suite, not for numbers.")
    boolean quick;

    @Option(names = "--sections", split = ",", description = "Sections to run (default: all): ${COMPLETION-CANDIDATES}.")
    Set<Section> sections = EnumSet.allOf(Section.class);

    @Option(names = "--cameras", defaultValue = "8", description = "Cameras of the end-to-end run (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of every topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--model-dir", defaultValue = "model/reference", description = "Model directory (default ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--person-model-dir", defaultValue = "model/person",
            description = "Per-person model of the people section (default ${DEFAULT-VALUE}).")
    Path personModelDir;

    @Option(names = "--pose-model-dir", defaultValue = "model/pose/movenet-multipose",
            description = "Pose model of the people section (default ${DEFAULT-VALUE}).")
    Path poseModelDir;

    @Option(names = "--report", defaultValue = "benchmarks/target/report.json", description = "JSON report (default ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--app", description = "Inference setting for the end-to-end run, key=value (repeatable), "
            + "e.g. --app num.stream.threads=2 --app intra.op.threads=1.")
    Map<String, String> appOverrides = new LinkedHashMap<>();

    @Option(names = "--fractions", split = ",", description = "Offered load steps as fractions of the ceiling "
            + "(default 0.3,0.4,...,0.8,0.85,0.9,0.95,1.0; quick 0.3,0.6,0.9); stops at the first overloaded step.")
    List<Double> fractions;

    @Option(names = "--repeats", description = "Further measurements of the best sustained step after the search "
            + "(default 2; quick 0).")
    Integer repeats;

    @Option(names = "--step-seconds", description = "Measuring window of each load step (default 12; quick 6).")
    Long stepSeconds;

    @Option(names = "--refinements", description = "Bisections between the last sustained and the first "
            + "overloaded step (default 2; quick 1).")
    Integer refinements;

    @Option(names = "--ceiling-frames", description = "Ceiling in camera frames/s to measure the end-to-end run "
            + "against, instead of measuring it (e.g. from an earlier report, to compare application settings).")
    Double ceilingFrames;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkSuite()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        ModelDirectory model = ModelDirectory.open(modelDir);
        ModelCard card = model.card();
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Object> environment = environment(card);

        log.info("rendering frames (once, before measuring)");
        PreRenderedFrames frames = PreRenderedFrames.render(quick ? 96 : 240, 320, 240, 15, 1, 85);

        // A per-person model's ceiling includes pose: the people section measures it, and the end-to-end run of such a
        // model is measured against it.
        PeopleBenchmark.Result people = null;
        if (sections.contains(Section.people) || (card.perPerson() && sections.contains(Section.e2e)
                && ceilingFrames == null)) {
            Repeated protocol = quick ? new Repeated(2_000, 3, 2_000) : new Repeated(5_000, 5, 4_000);
            people = new PeopleBenchmark(card.perPerson() ? model : ModelDirectory.open(personModelDir),
                    PoseModel.open(poseModelDir), frames, protocol).run();
        }
        CeilingBenchmark.Result ceiling = null;
        if (sections.contains(Section.ceiling)
                || (sections.contains(Section.e2e) && ceilingFrames == null && !card.perPerson())) {
            Repeated protocol = quick ? new Repeated(300, 3, 400) : new Repeated(1_000, 5, 1_000);
            ceiling = new CeilingBenchmark(model, protocol).run(CeilingBenchmark.defaultSettings(cores));
        }
        OverlapBenchmark.Result overlap = null;
        if (sections.contains(Section.overlap)) {
            overlap = new OverlapBenchmark(model, frames, quick ? 12 : 40, quick ? 2 : 3)
                    .run(15, Integer.parseInt(appOverrides.getOrDefault("batch.max.clips", "4")), cores);
        }
        StageBenchmark.Result stages = null;
        EndToEndBenchmark.Result e2e = null;
        CameraBenchmark.Result camera = null;
        ReplayBenchmark.Result replay = null;
        if (sections.contains(Section.stages) || sections.contains(Section.e2e)
                || sections.contains(Section.camera) || sections.contains(Section.replay)) {
            Path work = workDir();
            try (LocalInfrastructure infrastructure = LocalInfrastructure.start(work, benchmarkTopics(partitions))) {
                if (sections.contains(Section.stages)) {
                    stages = stages(card, frames, infrastructure, ceiling);
                }
                if (sections.contains(Section.e2e)) {
                    e2e = endToEnd(card, frames, infrastructure, work, ceilingFrames != null ? ceilingFrames
                            : card.perPerson() ? people.cameraFramesPerCoreSecond() * cores
                            : ceiling.best().cameraFramesPerSecond().median());
                }
                if (sections.contains(Section.camera)) {
                    int videoFrames = quick ? 30 : 300;
                    camera = new CameraBenchmark(infrastructure.bootstrapServers(),
                            infrastructure.schemaRegistryUrl(), CAMERA_TOPIC, Path.of("benchmarks", "target",
                            "camera-videos").toAbsolutePath(), quick ? 2 : 5)
                            .run(CameraBenchmark.defaultVideos(videoFrames));
                }
                if (sections.contains(Section.replay)) {
                    double ceilingFps = ceilingFrames != null ? ceilingFrames
                            : ceiling != null ? ceiling.best().cameraFramesPerSecond().median() : 0;
                    replay = new ReplayBenchmark(infrastructure.bootstrapServers(),
                            infrastructure.schemaRegistryUrl(), frames, model)
                            .run(quick ? 2 : 4, quick ? 60 : 300, ceilingFps);
                }
            }
        }
        environment.put("loadavg at end", loadAverage());
        environment.put("suite seconds", String.format(Locale.ROOT, "%.0f", (System.nanoTime() - started) / 1e9));
        SuiteReport result = new SuiteReport(environment, headline(ceiling, e2e, overlap, camera, replay), ceiling, e2e,
                stages, overlap, people, camera, replay);
        write(result);
        new TablePrinter(System.out).print(result);
        System.out.println("report: " + report.toAbsolutePath());
        return 0;
    }

    private StageBenchmark.Result stages(ModelCard card, PreRenderedFrames frames, LocalInfrastructure infrastructure,
                                         CeilingBenchmark.Result ceiling) {
        Map<String, Object> serde = Map.of("schema.registry.url", infrastructure.schemaRegistryUrl());
        Repeated micro = quick ? new Repeated(200, 3, 300) : new Repeated(1_000, 5, 800);
        StageBenchmark bench = new StageBenchmark(card, frames, micro, serde);
        int perClip = CeilingBenchmark.cameraFramesPerClip(card);
        byte[][] serialized = bench.serializedFrames();
        byte[] event = sampleEvent(card, serde);
        List<StageBenchmark.Stage> extra = new ArrayList<>(new KafkaStageBenchmark(infrastructure.bootstrapServers(),
                SCRATCH_TOPIC, quick ? 3 : 5, quick ? 1_000 : 3_000)
                .run(serialized, event, perClip));
        if (ceiling != null) {
            // The other rows are one core's time, so inference is too: the fastest single-caller, single-thread
            // setting (the ceiling itself may use both cores at once, which would halve the row).
            CeilingBenchmark.Point oneCore = ceiling.points().stream()
                    .filter(p -> p.setting().callers() == 1 && p.setting().intraOpThreads() == 1)
                    .max(java.util.Comparator.comparingDouble(p -> p.clipsPerSecond().median()))
                    .orElse(ceiling.best());
            Summary micros = oneCore.millisPerClip().map(ms -> ms * 1000);
            extra.add(new StageBenchmark.Stage("inference (ONNX Runtime, one core, batch "
                    + oneCore.setting().batch() + ")", "clip", micros, 1, micros.median(),
                    oneCore.allocatedBytesPerCall()));
        }
        return bench.run(extra);
    }

    private EndToEndBenchmark.Result endToEnd(ModelCard card, PreRenderedFrames frames,
                                              LocalInfrastructure infrastructure, Path work,
                                              double denominator) throws InterruptedException {
        List<Double> steps = fractions != null ? fractions
                : quick ? List.of(0.3, 0.6, 0.9) : List.of(0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0);
        EndToEndBenchmark.Plan plan = new EndToEndBenchmark.Plan(cameras, CeilingBenchmark.cameraFramesPerClip(card),
                steps, refinements != null ? refinements : quick ? 1 : 2, repeats != null ? repeats : quick ? 0 : 2,
                quick ? 8 : 15, quick ? 20 : 150, quick ? 3 : 4,
                stepSeconds != null ? stepSeconds : quick ? 6 : 12, appOverrides);
        return new EndToEndBenchmark(infrastructure, frames, modelDir.toAbsolutePath(), work, partitions)
                .run(plan, denominator);
    }

    private static byte[] sampleEvent(ModelCard card, Map<String, Object> serde) {
        ActionEvent event = ActionEvent.newBuilder().setEventId("00000000-0000-0000-0000-000000000000")
                .setCameraId("cam-1").setClipStartTime(Instant.ofEpochMilli(1_000)).setClipEndTime(Instant.ofEpochMilli(2_000))
                .setFirstSequence(0).setLastSequence(14).setFrameCount(card.input().frames()).setMissingFrames(0)
                .setLabel(card.labels().get(0)).setScore(0.9f)
                .setTopK(List.of(new LabelScore(card.labels().get(0), 0.9f)))
                .setGroundTruth(null).setModelName(card.name()).setModelVersion(card.version())
                .setEmitTime(Instant.ofEpochMilli(2_100)).setCaptureToEmitMillis(100).setInferenceMillis(20f)
                .setBatchSize(1).build();
        try (var serializer = AvroSerdes.specific(ActionEvent.class, serde, false).serializer()) {
            return serializer.serialize(Topics.ACTIONS, event);
        }
    }

    private Map<String, Object> environment(ModelCard card) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("time", LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        env.put("mode", quick ? "quick (not for numbers)" : "full");
        env.put("cpu", io.actionwatch.benchmark.ceiling.CpuPeak.detect().model() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        env.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        env.put("onnxruntime", ai.onnxruntime.OrtEnvironment.class.getPackage().getImplementationVersion());
        env.put("model", card.name() + " " + card.version() + " (" + modelDir + ")");
        env.put("loadavg at start", loadAverage());
        return env;
    }

    private static Map<String, Object> headline(CeilingBenchmark.Result ceiling, EndToEndBenchmark.Result e2e,
                                                OverlapBenchmark.Result overlap, CameraBenchmark.Result camera,
                                                ReplayBenchmark.Result replay) {
        Map<String, Object> h = new LinkedHashMap<>();
        if (ceiling != null) {
            CeilingBenchmark.Point b = ceiling.best();
            h.put("ceiling clips/s", String.format(Locale.ROOT, "%.1f (%s)", b.clipsPerSecond().median(),
                    "batch " + b.setting().batch() + ", intra " + b.setting().intraOpThreads()
                            + (b.setting().callers() > 1 ? ", " + b.setting().callers() + " callers" : "")));
            h.put("ceiling camera frames/s", String.format(Locale.ROOT, "%.0f", b.cameraFramesPerSecond().median()));
            h.put("ceiling GMAC/s (share of peak)", String.format(Locale.ROOT, "%.1f (%.0f%%)", b.gmacPerSecond(),
                    100 * b.shareOfPeak()));
        }
        if (e2e != null) {
            h.put("cameras", e2e.cameras());
            h.put("sustained camera frames/s", String.format(Locale.ROOT, "%.0f", e2e.sustainedFramesPerSecond()));
            h.put("pipeline efficiency", String.format(Locale.ROOT, "%.3f", e2e.efficiency()));
            if (!e2e.repeats().isEmpty()) {
                Summary spread = e2e.bestStepFramesPerSecond();
                h.put("best step repeated", String.format(Locale.ROOT, "sustained %d of %d more times; "
                                + "%.0f frames/s median (%.0f-%.0f) = efficiency %.3f", e2e.repeatsSustained(),
                        e2e.repeats().size(), spread.median(), spread.min(), spread.max(),
                        spread.median() / e2e.ceilingFramesPerSecond()));
            }
            if (e2e.best() != null) {
                h.put("latency p50/p95/p99 ms", e2e.best().p50Millis() + " / " + e2e.best().p95Millis() + " / "
                        + e2e.best().p99Millis());
                h.put("memory per camera", String.format(Locale.ROOT, "%.1f MiB", e2e.memoryPerCameraBytes() / 1048576.0));
            }
        }
        if (overlap != null && overlap.rows().size() > 1) {
            OverlapBenchmark.Row last = overlap.rows().get(overlap.rows().size() - 1);
            h.put("stride-1 cost vs stride T", String.format(Locale.ROOT, "%.1fx", last.relativeToNonOverlapping()));
        }
        if (camera != null) {
            CameraBenchmark.Goal goal = camera.goal();
            h.put("camera core-ms per 720p frame", String.format(Locale.ROOT, "%.1f (goal <= %.0f: %s)",
                    goal.measured(), goal.coreMillisPerFrame(), goal.met() ? "met" : "NOT met"));
        }
        if (replay != null) {
            h.put("replay frames/s", String.format(Locale.ROOT, "%.0f%s", replay.framesPerSecond(),
                    replay.ceilingFramesPerSecond() > 0 ? String.format(Locale.ROOT, " (%.2f of the ceiling)",
                            replay.shareOfCeiling()) : ""));
        }
        return h;
    }

    private void write(SuiteReport result) {
        try {
            Path parent = report.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(report.toFile(), result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + report.toAbsolutePath(), e);
        }
    }

    private static Path workDir() {
        Path dir = Path.of("benchmarks", "target", "work",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + dir.toAbsolutePath(), e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static List<TopicSpec> benchmarkTopics(int partitions) {
        List<TopicSpec> topics = new ArrayList<>(Topics.all(partitions, (short) 1));
        topics.add(new TopicSpec(SCRATCH_TOPIC, 1, (short) 1,
                Map.of("max.message.bytes", Integer.toString(Topics.MAX_FRAME_RECORD_BYTES))));
        topics.add(new TopicSpec(CAMERA_TOPIC, 1, (short) 1,
                Map.of("max.message.bytes", Integer.toString(Topics.MAX_FRAME_RECORD_BYTES))));
        return topics;
    }
}
