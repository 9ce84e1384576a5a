package io.actionwatch.benchmark.ceiling;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.actionwatch.benchmark.stats.Repeated;
import io.actionwatch.benchmark.stats.Summary;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.model.ModelDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Section 1, the ceiling: bare ONNX Runtime Java on the model, nothing else running in this JVM. Input tensors are
 * created once over direct buffers and reused, so a call is {@code session.run} and closing its result, no more.
 * Besides the grid (batch x intra-op threads) it measures the two ways the pipeline could use two cores
 * differently: two concurrent callers on one single-threaded session (two stream threads), and two intra-op threads
 * that sleep instead of spin when idle. The ceiling is the best of all of them, so the efficiency denominator is
 * the most the model can do here, not the most a particular setting can.
 */
public final class CeilingBenchmark {

    private static final Logger log = LoggerFactory.getLogger(CeilingBenchmark.class);

    /** One way of running the model. */
    public record Setting(int batch, int intraOpThreads, int callers, boolean spinning) {
        String label() {
            return "b" + batch + " t" + intraOpThreads + (callers > 1 ? " x" + callers + " callers" : "")
                    + (spinning ? "" : " no-spin");
        }
    }

    /**
     * @param clipsPerSecond       model throughput
     * @param cameraFramesPerSecond clips/s x camera frames each clip advances (frameStep x clipStride)
     * @param millisPerClip        wall time per clip (1000 / clips per second)
     * @param gmacPerSecond        card's GMACs per clip x median clips per second
     * @param allocatedBytesPerCall Java heap allocated by the calling thread per model call (Result, output arrays)
     */
    public record Point(Setting setting, Summary clipsPerSecond, Summary cameraFramesPerSecond, Summary millisPerClip,
                        double gmacPerSecond, double shareOfPeak, long allocatedBytesPerCall) {
    }

    public record Result(String model, String version, String geometry, int cameraFramesPerClip, double gmacsPerClip,
                         CpuPeak peak, List<Point> points, Point best) {
    }

    private final ModelDirectory model;
    private final Repeated protocol;

    public CeilingBenchmark(ModelDirectory model, Repeated protocol) {
        this.model = model;
        this.protocol = protocol;
    }

    /** Camera frames one emitted clip accounts for in steady state: each clip advances clipStride sampled frames. */
    public static int cameraFramesPerClip(ModelCard card) {
        return card.sampling().frameStep() * card.sampling().clipStride();
    }

    public static List<Setting> defaultSettings(int cores) {
        List<Setting> settings = new ArrayList<>();
        for (int threads : new int[]{1, cores}) {
            for (int batch : new int[]{1, 2, 4, 8}) {
                settings.add(new Setting(batch, threads, 1, true));
            }
            if (cores == 1) {
                break;
            }
        }
        if (cores > 1) {
            for (int batch : new int[]{1, 4}) {
                settings.add(new Setting(batch, 1, cores, true));
                settings.add(new Setting(batch, cores, 1, false));
            }
        }
        return settings;
    }

    public Result run(List<Setting> settings) {
        ModelCard card = model.card();
        double gmacsPerClip = gmacsPerClip(model);
        CpuPeak peak = CpuPeak.detect();
        int framesPerClip = cameraFramesPerClip(card);
        SessionFactory sessions = new SessionFactory(model.onnxPath());
        List<Point> points = new ArrayList<>();
        for (Setting s : settings) {
            Point p = measure(sessions, card, s, framesPerClip, peak, gmacsPerClip);
            log.info("ceiling setting=\"{}\" clipsPerSec={} msPerClip={}", s.label(),
                    String.format("%.1f", p.clipsPerSecond().median()), String.format("%.2f", p.millisPerClip().median()));
            points.add(p);
        }
        Point best = points.stream().max(Comparator.comparingDouble(p -> p.clipsPerSecond().median())).orElseThrow();
        String geometry = card.input().frames() + "x" + card.input().channels() + "x" + card.input().height() + "x"
                + card.input().width() + " frameStep=" + card.sampling().frameStep() + " clipStride="
                + card.sampling().clipStride();
        return new Result(card.name(), card.version(), geometry, framesPerClip, gmacsPerClip, peak, points, best);
    }

    private Point measure(SessionFactory sessions, ModelCard card, Setting s, int framesPerClip, CpuPeak peak,
                          double gmacsPerClip) {
        try (OrtSession session = sessions.open(s.intraOpThreads(), s.spinning())) {
            List<OnnxTensor> inputs = new ArrayList<>();
            try {
                for (int c = 0; c < s.callers(); c++) {
                    inputs.add(randomInput(sessions, card, s.batch(), c));
                }
                long allocated = allocatedPerCall(session, card, inputs.get(0));
                Summary clips = s.callers() == 1
                        ? protocol.rate(() -> call(session, card, inputs.get(0)) * s.batch())
                        : concurrent(session, card, inputs, s.batch());
                Summary ms = clips.map(r -> 1000.0 / r);
                double gmacs = gmacsPerClip * clips.median();
                return new Point(s, clips, clips.map(r -> r * framesPerClip), ms, gmacs,
                        peak.gmacPerSecond() > 0 ? gmacs / peak.gmacPerSecond() : 0, allocated);
            } finally {
                inputs.forEach(OnnxTensor::close);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("closing the session of setting " + s.label() + " failed", e);
        }
    }

    /** Runs one caller per input on its own thread; each run's rate is the sum over callers. */
    private Summary concurrent(OrtSession session, ModelCard card, List<OnnxTensor> inputs, int batch) {
        int callers = inputs.size();
        AtomicLong clips = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int c = 1; c < callers; c++) {
            OnnxTensor input = inputs.get(c);
            Thread t = new Thread(() -> {
                try {
                    while (stop.getCount() > 0) {
                        clips.addAndGet(call(session, card, input) * batch);
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "ceiling-caller-" + c);
            t.start();
            threads.add(t);
        }
        try {
            // The measuring thread is caller 0; the rate counts every caller's clips over the run's wall time.
            long[] before = new long[1];
            Summary own = protocol.rate(() -> {
                long mine = call(session, card, inputs.get(0)) * batch;
                long all = clips.addAndGet(mine);
                long delta = all - before[0];
                before[0] = all;
                return delta;
            });
            return own;
        } finally {
            stop.countDown();
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a concurrent caller failed: " + failures.get(0), failures.get(0));
            }
        }
    }

    private static long allocatedPerCall(OrtSession session, ModelCard card, OnnxTensor input) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        call(session, card, input);
        int calls = 5;
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < calls; i++) {
            call(session, card, input);
        }
        return (threads.getThreadAllocatedBytes(tid) - before) / calls;
    }

    /** One model call; returns 1 (calls made). */
    static long call(OrtSession session, ModelCard card, OnnxTensor input) {
        try (OrtSession.Result result = session.run(Map.of(card.input().name(), input), Set.of(card.output().name()))) {
            if (result.size() != 1) {
                throw new IllegalStateException("model returned " + result.size() + " outputs");
            }
            return 1;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /** The card's {@code gmacsPerClip} (not part of the pipeline's card model: only benchmarks use it); 0 if absent. */
    static double gmacsPerClip(ModelDirectory model) {
        try {
            com.fasterxml.jackson.databind.JsonNode card = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(model.directory().resolve(ModelDirectory.CARD_FILE).toFile());
            return card.path("gmacsPerClip").asDouble(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the model card of " + model.directory(), e);
        }
    }

    static OnnxTensor randomInput(SessionFactory sessions, ModelCard card, int batch, long seed) {
        int floats = batch * card.clipFloats();
        FloatBuffer buffer = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        Random random = new Random(seed);
        for (int i = 0; i < floats; i++) {
            buffer.put(random.nextFloat() * 2 - 1);
        }
        buffer.flip();
        ModelCard.Input in = card.input();
        try {
            return OnnxTensor.createTensor(sessions.environment(), buffer,
                    new long[]{batch, in.frames(), in.channels(), in.height(), in.width()});
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create the input tensor: " + e.getMessage(), e);
        }
    }
}
