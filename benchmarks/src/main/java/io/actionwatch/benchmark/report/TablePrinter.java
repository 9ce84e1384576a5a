package io.actionwatch.benchmark.report;

import io.actionwatch.benchmark.camera.CameraBenchmark;
import io.actionwatch.benchmark.replay.ReplayBenchmark;
import io.actionwatch.benchmark.ceiling.CeilingBenchmark;
import io.actionwatch.benchmark.cpu.ProcessCpu;
import io.actionwatch.benchmark.endtoend.EndToEndBenchmark;
import io.actionwatch.benchmark.memory.MemoryProbe;
import io.actionwatch.benchmark.overlap.OverlapBenchmark;
import io.actionwatch.benchmark.people.PeopleBenchmark;
import io.actionwatch.benchmark.stages.StageBenchmark;
import io.actionwatch.benchmark.stats.Summary;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Prints a {@link SuiteReport} as plain-text tables (what the README's Performance section quotes). */
public final class TablePrinter {

    private final PrintStream out;

    public TablePrinter(PrintStream out) {
        this.out = out;
    }

    public void print(SuiteReport r) {
        out.println();
        out.println("== actionwatch benchmarks ==");
        r.environment().forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %s%n", k, v));
        if (r.ceiling() != null) {
            ceiling(r.ceiling());
        }
        if (r.endToEnd() != null) {
            endToEnd(r.endToEnd());
        }
        if (r.stages() != null) {
            stages(r.stages());
        }
        if (r.overlap() != null) {
            overlap(r.overlap());
        }
        if (r.endToEnd() != null) {
            memory(r.endToEnd());
        }
        if (r.people() != null) {
            people(r.people());
        }
        if (r.camera() != null) {
            camera(r.camera());
        }
        if (r.replay() != null) {
            replay(r.replay());
        }
        out.println();
        out.println("== headline ==");
        r.headline().forEach((k, v) -> out.printf(Locale.ROOT, "  %-34s %s%n", k, v));
    }

    private void ceiling(CeilingBenchmark.Result c) {
        out.println();
        out.printf(Locale.ROOT, "(1) Ceiling: bare ONNX Runtime, %s %s, clip %s, %d camera frames per clip, %.3f GMAC/clip%n",
                c.model(), c.version(), c.geometry(), c.cameraFramesPerClip(), c.gmacsPerClip());
        out.printf(Locale.ROOT, "    CPU peak: %s%n", c.peak().description());
        out.printf(Locale.ROOT, "  %-28s %22s %12s %22s %9s %7s %9s%n", "setting", "clips/s (min-max)", "ms/clip",
                "camera frames/s", "GMAC/s", "% peak", "alloc B");
        for (CeilingBenchmark.Point p : c.points()) {
            CeilingBenchmark.Setting s = p.setting();
            String label = "batch " + s.batch() + ", intra " + s.intraOpThreads()
                    + (s.callers() > 1 ? ", " + s.callers() + " callers" : "") + (s.spinning() ? "" : ", no spin");
            out.printf(Locale.ROOT, "  %-28s %22s %12s %22s %9.1f %6.1f%% %9d%s%n", label, range(p.clipsPerSecond(), 1),
                    String.format(Locale.ROOT, "%.2f", p.millisPerClip().median()),
                    range(p.cameraFramesPerSecond(), 0), p.gmacPerSecond(), 100 * p.shareOfPeak(),
                    p.allocatedBytesPerCall(), p == c.best() ? "  <- ceiling" : "");
        }
    }

    private void endToEnd(EndToEndBenchmark.Result e) {
        out.println();
        out.printf(Locale.ROOT, "(2) End to end: real broker + registry, %d cameras (pre-encoded %s), %d partitions%n",
                e.cameras(), "320x240 JPEG", e.partitions());
        out.printf(Locale.ROOT, "    app settings: %s%n", e.appSettings().entrySet().stream()
                .filter(x -> !x.getKey().contains("servers") && !x.getKey().contains("url") && !x.getKey().contains("dir"))
                .map(Map.Entry::toString).toList());
        EndToEndBenchmark.Warmup w = e.warmup();
        out.printf(Locale.ROOT, "    warm-up %.0f s at %.0f%% of the ceiling, until the JIT compilers (all JVMs) "
                        + "stayed below %.2f cores for %d s; in its last window: %.3f cores%s%n", w.seconds(),
                100 * w.ceilingFraction(), w.settledBelowCores(), w.quietSeconds(), w.jitCoresAtEnd(),
                w.settled() ? "" : " (NOT settled)");
        out.printf(Locale.ROOT, "  %6s %9s %9s %9s %9s %9s %5s %7s %7s %7s %6s %7s%n", "load", "fps/cam", "offered",
                "sent", "processed", "lag end", "ok", "p50 ms", "p95 ms", "p99 ms", "batch", "inf ms");
        for (EndToEndBenchmark.Step s : e.steps()) {
            out.printf(Locale.ROOT, "  %5.0f%% %9.1f %9.0f %9.0f %9.0f %9.0f %5s %7s %7s %7s %6.2f %7.1f%n",
                    100 * s.ceilingFraction(), s.fpsPerCamera(), s.offeredFramesPerSecond(), s.sentFramesPerSecond(),
                    s.processedFramesPerSecond(), s.lagEnd(), s.sustained() ? "yes" : "NO", s.p50Millis(),
                    s.p95Millis(), s.p99Millis(), s.meanBatchSize(), s.meanInferenceMillis());
        }
        out.printf(Locale.ROOT, "  sustained %.0f camera frames/s of a %.0f frames/s ceiling: efficiency %.3f%s%n",
                e.sustainedFramesPerSecond(), e.ceilingFramesPerSecond(), e.efficiency(),
                e.saturatedFramesPerSecond() == null ? "" : String.format(Locale.ROOT,
                        " (overloaded, it still processed %.0f frames/s = %.3f)", e.saturatedFramesPerSecond(),
                        e.saturatedFramesPerSecond() / e.ceilingFramesPerSecond()));
        for (EndToEndBenchmark.Step s : e.repeats()) {
            out.printf(Locale.ROOT, "  repeat %3.0f%%: offered %.0f, processed %.0f, lag end %.0f, sustained %s, "
                            + "p50/p95/p99 %s/%s/%s ms%n",
                    100 * s.ceilingFraction(), s.offeredFramesPerSecond(), s.processedFramesPerSecond(), s.lagEnd(),
                    s.sustained() ? "yes" : "NO", s.p50Millis(), s.p95Millis(), s.p99Millis());
        }
        if (!e.repeats().isEmpty()) {
            Summary spread = e.bestStepFramesPerSecond();
            out.printf(Locale.ROOT, "  best step measured %d times: sustained in %d; %.0f frames/s median "
                            + "(%.0f-%.0f), efficiency %.3f (%.3f-%.3f)%n", spread.runs(), 1 + e.repeatsSustained(),
                    spread.median(), spread.min(), spread.max(), spread.median() / e.ceilingFramesPerSecond(),
                    spread.min() / e.ceilingFramesPerSecond(), spread.max() / e.ceilingFramesPerSecond());
        }
        if (e.best() != null) {
            cpuPerClip(e, e.best());
            out.println("  pipeline metrics (Kafka Streams + stream-actionwatch-metrics) at that step:");
            e.best().pipelineMetrics().forEach((k, v) -> {
                if (k.endsWith("-rate") || k.endsWith("-avg") || k.endsWith("-ratio")) {
                    out.printf(Locale.ROOT, "    %-52s %10.3f%n", k, v);
                }
            });
        }
    }

    /**
     * Where the machine's cores went per emitted clip at a step, next to what the bare model needs per clip at the
     * ceiling: their ratio is the efficiency the measured CPU cost allows even with every core busy.
     */
    private void cpuPerClip(EndToEndBenchmark.Result e, EndToEndBenchmark.Step step) {
        double clipsPerSecond = step.processedFramesPerSecond() / e.cameraFramesPerClip();
        Map<String, Double> cpu = new TreeMap<>(step.cpuSecondsPerSecond());
        double modelCpuPerClip = step.modelCpuMillisPerClip();
        out.printf(Locale.ROOT, "  CPU of the best sustained step (%.1f clips/s), by thread group / process:%n",
                clipsPerSecond);
        out.printf(Locale.ROOT, "    %-52s %6s %12s%n", "", "cores", "core-ms/clip");
        double total = 0;
        for (Map.Entry<String, Double> c : cpu.entrySet()) {
            out.printf(Locale.ROOT, "    %-52s %6.2f %12.1f%n", c.getKey(), c.getValue(),
                    1000 * c.getValue() / clipsPerSecond);
            if (c.getKey().equals(ProcessCpu.STREAM_THREADS) && !Double.isNaN(modelCpuPerClip)) {
                out.printf(Locale.ROOT, "    %-52s %6s %12.1f  (wall time %.1f ms per clip)%n",
                        "  of which inside model calls", "", modelCpuPerClip, step.modelWallMillisPerClip());
            }
            total += c.getValue();
        }
        double totalPerClip = 1000 * total / clipsPerSecond;
        double ceilingPerClip = 1000.0 * e.cores() * e.cameraFramesPerClip() / e.ceilingFramesPerSecond();
        out.printf(Locale.ROOT, "    %-52s %6.2f %12.1f%n", "total", total, totalPerClip);
        out.printf(Locale.ROOT, "    the ceiling spends %.1f core-ms per clip (%d cores / ceiling clips/s): at %.1f "
                + "core-ms per clip this pipeline could reach at most %.2f of the ceiling with all %d cores busy%n",
                ceilingPerClip, e.cores(), totalPerClip, ceilingPerClip / totalPerClip, e.cores());
    }

    private void stages(StageBenchmark.Result s) {
        out.println();
        out.printf(Locale.ROOT, "(3) Stage breakdown per emitted clip (%d camera frames, %d decoded; mean JPEG %.0f B)%n",
                s.cameraFramesPerClip(), s.decodedFramesPerClip(), s.meanJpegBytes());
        out.printf(Locale.ROOT, "  %-66s %20s %7s %10s %6s %9s%n", "stage", "us/op (min-max)", "ops", "us/clip",
                "share", "alloc B");
        for (StageBenchmark.Stage st : s.stages()) {
            out.printf(Locale.ROOT, "  %-66s %20s %7.1f %10.0f %5.1f%% %9s%n", st.name() + " [" + st.unit() + "]",
                    range(st.perOperation(), 1), st.operationsPerClip(), st.microsPerClip(),
                    StageBenchmark.isReference(st) ? 0.0 : 100 * st.microsPerClip() / s.microsPerClip(),
                    st.allocatedBytesPerOperation() < 0 ? "-" : Long.toString(st.allocatedBytesPerOperation()));
        }
        out.printf(Locale.ROOT, "  %-66s %20s %7s %10.0f  (%.1f us per camera frame)%n", "sum (serial, one core)", "",
                "", s.microsPerClip(), s.microsPerCameraFrame());
    }

    private void people(PeopleBenchmark.Result p) {
        out.println();
        out.printf(Locale.ROOT, "(6) People: pose per sampled frame (one in %d camera frames) and person clips (one "
                + "per person per %d camera frames), one core%n", p.frameStep(), p.cameraFramesPerClip());
        out.printf(Locale.ROOT, "  %-44s %22s%n", "decode + pose, ms per sampled frame", range(p.poseMillisPerFrame(), 1));
        out.printf(Locale.ROOT, "  %-44s %22s%n", "skeleton drawing + model, ms per person clip",
                range(p.clipMillisPerPersonClip(), 2));
        out.printf(Locale.ROOT, "  %-44s %22s%n", "person clips per second", range(p.personClipsPerSecond(), 1));
        out.printf(Locale.ROOT, "  %-44s %22.1f%n", "camera frames per core-second (1 person)",
                p.cameraFramesPerCoreSecond());
        out.printf(Locale.ROOT, "  %-44s %22.2f%n", "15 fps cameras per core, 1 person in view",
                p.camerasPerCoreOnePerson());
        out.printf(Locale.ROOT, "  %-44s %22.2f%n", "15 fps cameras per core, 4 people in view",
                p.camerasPerCoreFourPeople());
    }

    private void replay(ReplayBenchmark.Result r) {
        out.println();
        out.printf(Locale.ROOT, "(8) Replay: ./run-operator replay's own code over %d frames of %d cameras, as fast as "
                + "it goes (start and settle included)%n", r.frames(), r.cameras());
        out.printf(Locale.ROOT, "  %-34s %10.0f%n", "replayed camera frames/s", r.framesPerSecond());
        if (r.ceilingFramesPerSecond() > 0) {
            out.printf(Locale.ROOT, "  %-34s %10.0f  (replay at %.2f of it)%n", "ceiling camera frames/s",
                    r.ceilingFramesPerSecond(), r.shareOfCeiling());
        }
        out.printf(Locale.ROOT, "  %-34s %10.1f s, %d events%n", "wall time", r.seconds(), r.events());
    }

    private void camera(CameraBenchmark.Result c) {
        out.println();
        out.printf(Locale.ROOT, "(7) Camera side: core-ms per published frame, %d frames per run, median (min-max) "
                + "of %d runs, JPEG q%d%n", c.framesPerRun(), c.runs(), c.jpegQuality());
        out.printf(Locale.ROOT, "    CPU: %s; the broker (a child process) listed apart%n", c.cpuClock());
        out.printf(Locale.ROOT, "  %-28s %18s %18s %18s %6s %18s %8s %7s %6s %8s%n", "case", "decode+resize",
                "encode", "produce", "sum", "end to end", "start ms", "broker", "fps", "JPEG KB");
        for (CameraBenchmark.Case k : c.cases()) {
            out.printf(Locale.ROOT, "  %-28s %18s %18s %18s %6.2f %18s %8.0f %7.2f %6.0f %8.1f%n", k.label(),
                    range(k.sourceCoreMillis(), 2), k.encodeCoreMillis() == null ? "-" : range(k.encodeCoreMillis(), 2),
                    range(k.produceCoreMillis(), 2), k.sumOfStagesCoreMillis(), range(k.endToEndCoreMillis(), 2),
                    k.startCoreMillis().median(), k.brokerCoreMillis().median(), k.endToEndFramesPerSecond().median(),
                    k.meanJpegBytes() / 1024);
        }
        out.println("  decode+resize: FfmpegSource.next() at the file's size (pass-through: reading the JPEG packet);"
                + " produce: serialize + send + ack, warm producer;");
        out.println("  end to end: Camera.publish with an FfmpegSource (spool, two threads and the camera's start "
                + "included); start ms: a one-frame publish, in total;");
        out.println("  broker: the broker JVM's core-ms per frame during the end-to-end runs; fps: their wall-clock "
                + "rate");
        for (CameraBenchmark.Case k : c.cases()) {
            if (k.encodeCoreMillis() != null) {
                out.printf(Locale.ROOT, "  %s: encode is %.0f%% of the stages, decode+resize %.0f%%, produce %.0f%%%n",
                        k.label(), 100 * k.encodeCoreMillis().median() / k.sumOfStagesCoreMillis(),
                        100 * k.sourceCoreMillis().median() / k.sumOfStagesCoreMillis(),
                        100 * k.produceCoreMillis().median() / k.sumOfStagesCoreMillis());
            }
        }
        CameraBenchmark.Goal g = c.goal();
        out.printf(Locale.ROOT, "  goal <= %.0f core-ms per frame (%s): %.2f, %s%n", g.coreMillisPerFrame(), g.frame(),
                g.measured(), g.met() ? "met" : "NOT met");
    }

    private void overlap(OverlapBenchmark.Result o) {
        out.println();
        out.printf(Locale.ROOT, "(4) Overlap cost: one camera at %.0f fps, decode + clip assembly + batch %d + model "
                + "(intra %d), no Kafka%n", o.fps(), o.batch(), o.intraOpThreads());
        out.printf(Locale.ROOT, "  %6s %22s %14s %16s %10s %14s%n", "stride", "ms/clip (min-max)", "clips/cam-s",
                "ms per cam-s", "relative", "cameras@fps");
        for (OverlapBenchmark.Row r : o.rows()) {
            out.printf(Locale.ROOT, "  %6d %22s %14.3f %16.1f %9.2fx %14.1f%n", r.stride(), range(r.millisPerClip(), 2),
                    r.clipsPerCameraSecond(), r.millisPerCameraSecond(), r.relativeToNonOverlapping(),
                    r.camerasAtFps());
        }
    }

    private void memory(EndToEndBenchmark.Result e) {
        out.println();
        out.println("(5) Memory (this JVM: stream app + cameras + probes; heap after a full GC)");
        out.printf(Locale.ROOT, "  %-16s %10s %10s %10s %10s %10s %10s %12s%n", "when", "heap used", "heap comm",
                "non-heap", "direct", "RSS", "peak RSS", "untracked");
        row("idle (app up)", e.idleMemory());
        if (e.best() != null) {
            row("best step", e.best().memory());
            out.printf(Locale.ROOT, "  per camera, idle -> best step / %d cameras: RSS %.1f MiB (upper bound: includes JIT"
                            + " and allocator growth), heap after GC + direct %.1f MiB%n", e.cameras(),
                    e.memoryPerCameraBytes() / 1048576.0, e.javaMemoryPerCameraBytes() / 1048576.0);
        }
        out.printf(Locale.ROOT, "  broker JVM RSS %.0f MiB, registry JVM RSS %.0f MiB%n", e.brokerRssBytes() / 1048576.0,
                e.registryRssBytes() / 1048576.0);
    }

    private void row(String when, MemoryProbe m) {
        out.printf(Locale.ROOT, "  %-16s %10s %10s %10s %10s %10s %10s %12s%n", when, mib(m.heapUsedBytes()),
                mib(m.heapCommittedBytes()), mib(m.nonHeapCommittedBytes()), mib(m.directBufferBytes()),
                mib(m.rssBytes()), mib(m.peakRssBytes()), mib(m.untrackedNativeBytes()));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static String range(Summary s, int decimals) {
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " (" + f + "-" + f + ")", s.median(), s.min(), s.max());
    }
}
