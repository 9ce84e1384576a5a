package io.actionwatch.benchmark.overlap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.actionwatch.benchmark.frames.PreRenderedFrames;
import io.actionwatch.benchmark.stats.Summary;
import io.actionwatch.inference.batch.BatchItem;
import io.actionwatch.inference.batch.ClipBatcher;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.inference.model.OnnxClassifier;
import io.actionwatch.inference.preprocess.FramePreprocessor;
import io.actionwatch.inference.preprocess.FrameTensorizer;
import io.actionwatch.inference.preprocess.ImageDecodeException;
import io.actionwatch.inference.preprocess.ImageDecoder;
import io.actionwatch.inference.preprocess.JpegDecoderChoice;
import io.actionwatch.inference.preprocess.PixelSlicePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Section 4, the overlap cost: one camera's frames through the pipeline's own preprocessing (decode once per
 * sampled frame, shared by overlapping clips), batcher and classifier, without Kafka, at clip strides T, T/2 and 1.
 * Each stride runs from a copy of the model directory whose card overrides {@code sampling.clipStride}, exactly as a
 * deployment would. Cost per emitted clip falls slightly as overlap rises (fewer new decodes per clip); cost per
 * second of video rises about T/stride times, which is what a streaming model would have to attack.
 */
public final class OverlapBenchmark {

    private static final Logger log = LoggerFactory.getLogger(OverlapBenchmark.class);

    /**
     * @param millisPerClip          wall time per emitted clip (decode, preprocess, batch, infer)
     * @param clipsPerCameraSecond   clips a camera at {@code fps} produces per second
     * @param millisPerCameraSecond  machine time one camera-second of video costs
     * @param relativeToNonOverlapping cost per camera-second / that at stride T
     * @param camerasAtFps           cameras of {@code fps} this machine could serve at this stride (model+decode only)
     */
    public record Row(int stride, Summary millisPerClip, double clipsPerCameraSecond, double millisPerCameraSecond,
                      double relativeToNonOverlapping, double camerasAtFps) {
    }

    public record Result(double fps, int batch, int intraOpThreads, List<Row> rows) {
    }

    private final ModelDirectory model;
    private final PreRenderedFrames frames;
    private final int clipsPerRun;
    private final int runs;
    private final Supplier<ImageDecoder> decoders = JpegDecoderChoice.AUTO.resolve();

    public OverlapBenchmark(ModelDirectory model, PreRenderedFrames frames, int clipsPerRun, int runs) {
        this.model = model;
        this.frames = frames;
        this.clipsPerRun = clipsPerRun;
        this.runs = runs;
    }

    public Result run(double fps, int batch, int intraOpThreads) {
        int t = model.card().input().frames();
        List<Integer> strides = new ArrayList<>(List.of(t, Math.max(1, t / 2), 1));
        List<Row> rows = new ArrayList<>();
        double base = 0;
        for (int stride : strides.stream().distinct().toList()) {
            Path dir = copyWithStride(stride);
            try (OnnxClassifier classifier = OnnxClassifier.open(ModelDirectory.open(dir), List.of("cpu"),
                    intraOpThreads, batch, 1)) {
                ModelCard card = classifier.card();
                ClipGeometry g = ClipGeometry.of(card);
                runOnce(card, g, classifier, batch);
                double[] ms = new double[runs];
                for (int r = 0; r < runs; r++) {
                    long started = System.nanoTime();
                    int clips = runOnce(card, g, classifier, batch);
                    ms[r] = (System.nanoTime() - started) / 1e6 / clips;
                }
                Summary perClip = Summary.of(ms);
                double clipsPerSecond = fps / (g.frameStep() * (double) g.clipStride());
                double perSecond = perClip.median() * clipsPerSecond;
                if (base == 0) {
                    base = perSecond;
                }
                rows.add(new Row(stride, perClip, clipsPerSecond, perSecond, perSecond / base, 1000.0 / perSecond));
                log.info("overlap stride={} msPerClip={} msPerCameraSecond={}", stride,
                        String.format("%.2f", perClip.median()), String.format("%.1f", perSecond));
            } finally {
                deleteQuietly(dir);
            }
        }
        return new Result(fps, batch, intraOpThreads, rows);
    }

    /** One camera's frames through decode, clip assembly and batched inference; returns clips emitted. */
    private int runOnce(ModelCard card, ClipGeometry g, OnnxClassifier classifier, int batch) {
        int t = g.frames();
        int s = g.clipStride();
        long cameraFrames = (long) g.frameStep() * ((long) s * (clipsPerRun - 1) + t);
        PixelSlicePool pool = new PixelSlicePool(card.frameFloats(), 4 * (t + s) + 8 * batch);
        try (FramePreprocessor preprocessor = new FramePreprocessor(decoders.get(), new FrameTensorizer(card), pool)) {
            return runOnce(g, classifier, batch, cameraFrames, pool, preprocessor);
        }
    }

    private int runOnce(ClipGeometry g, OnnxClassifier classifier, int batch, long cameraFrames, PixelSlicePool pool,
                        FramePreprocessor preprocessor) {
        int t = g.frames();
        int s = g.clipStride();
        ClipBatcher<Clip> batcher = new ClipBatcher<>(classifier, batch, Long.MAX_VALUE);
        Map<Long, float[]> window = new HashMap<>();
        int[] emitted = {0};
        long nextClip = 0;
        for (long seq = 0; seq < cameraFrames; seq++) {
            PreRenderedFrames.Frame f = frames.get(seq);
            ByteBuffer data = ByteBuffer.wrap(f.jpeg());
            try {
                if (!g.isNeeded(seq)) {
                    preprocessor.checkHeader(data, frames.width(), frames.height());
                    continue;
                }
                long index = g.sampledIndex(seq);
                window.put(index, preprocessor.preprocess(data, frames.width(), frames.height()));
                while (g.lastIndex(nextClip) <= index) {
                    float[][] clip = new float[t][];
                    for (int i = 0; i < t; i++) {
                        clip[i] = window.get(g.firstIndex(nextClip) + i);
                    }
                    nextClip++;
                    if (batcher.add(new Clip(clip), 0)) {
                        batcher.flush((item, logits, size, millis) -> emitted[0]++);
                        release(window, pool, g.firstIndex(nextClip));
                    }
                }
            } catch (ImageDecodeException e) {
                throw new IllegalStateException("a pre-rendered frame does not decode: " + e.getMessage(), e);
            }
        }
        batcher.flush((item, logits, size, millis) -> emitted[0]++);
        release(window, pool, Long.MAX_VALUE);
        return emitted[0];
    }

    private static void release(Map<Long, float[]> window, PixelSlicePool pool, long below) {
        window.entrySet().removeIf(e -> {
            if (e.getKey() < below) {
                pool.release(e.getValue());
                return true;
            }
            return false;
        });
    }

    private record Clip(float[][] frames) implements BatchItem {
        @Override
        public boolean needsInference() {
            return true;
        }

        @Override
        public float[] frame(int t) {
            return frames[t];
        }
    }

    /** A temporary model directory: the same ONNX file, a card with {@code sampling.clipStride} overridden. */
    private Path copyWithStride(int stride) {
        try {
            Path dir = Files.createTempDirectory("actionwatch-bench-stride-" + stride);
            ObjectMapper json = new ObjectMapper();
            ObjectNode card = (ObjectNode) json.readTree(model.directory().resolve(ModelDirectory.CARD_FILE).toFile());
            ((ObjectNode) card.get("sampling")).put("clipStride", stride);
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(ModelDirectory.CARD_FILE).toFile(), card);
            Path onnx = dir.resolve(model.card().onnxFile());
            try {
                Files.createSymbolicLink(onnx, model.onnxPath());
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(model.onnxPath(), onnx);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the model directory for stride " + stride, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete temporary directory dir={} error={}", dir, e.toString());
        }
    }
}
