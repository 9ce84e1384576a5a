package io.actionwatch.benchmark.stages;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.actionwatch.benchmark.frames.PreRenderedFrames;
import io.actionwatch.benchmark.stats.Allocation;
import io.actionwatch.benchmark.stats.Repeated;
import io.actionwatch.benchmark.stats.Summary;
import io.actionwatch.inference.event.ActionEventFactory;
import io.actionwatch.inference.event.ClipSummary;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.preprocess.DecodedImage;
import io.actionwatch.inference.preprocess.FrameTensorizer;
import io.actionwatch.inference.preprocess.ImageDecodeException;
import io.actionwatch.inference.preprocess.ImageDecoder;
import io.actionwatch.inference.preprocess.ImageIoJpegDecoder;
import io.actionwatch.inference.preprocess.JpegDecoderChoice;
import io.actionwatch.inference.preprocess.TurboJpegDecoder;
import io.actionwatch.inference.state.FrameKeys;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Section 3, the stage breakdown: each stage of the pipeline's per-frame and per-clip work timed on its own, on
 * real data (the synthetic scene's JPEGs, real registry serdes, a real RocksDB), then weighted by how often the
 * pipeline runs it per emitted clip. Kafka transfer stages (produce, consume) come from {@link KafkaStageBenchmark}
 * against the real broker and inference from the ceiling, so the table covers the whole path of a clip.
 */
public final class StageBenchmark {

    private static final Logger log = LoggerFactory.getLogger(StageBenchmark.class);

    /**
     * @param perOperation   microseconds per operation (median, min, max over runs)
     * @param operationsPerClip how many times the pipeline does it per emitted clip (steady state)
     * @param allocatedBytesPerOperation heap garbage per operation on the calling thread
     */
    public record Stage(String name, String unit, Summary perOperation, double operationsPerClip,
                        double microsPerClip, long allocatedBytesPerOperation) {
    }

    public record Result(List<Stage> stages, double microsPerClip, double microsPerCameraFrame,
                         int cameraFramesPerClip, int decodedFramesPerClip, double meanJpegBytes) {
    }

    private final ModelCard card;
    private final PreRenderedFrames frames;
    private final Repeated protocol;
    private final Map<String, Object> serdeConfig;

    /**
     * @param serdeConfig registry settings for the real serdes (the suite's registry)
     */
    public StageBenchmark(ModelCard card, PreRenderedFrames frames, Repeated protocol, Map<String, Object> serdeConfig) {
        this.card = card;
        this.frames = frames;
        this.protocol = protocol;
        this.serdeConfig = serdeConfig;
    }

    /** Reference rows (ops per clip 0) show what a replaced implementation cost; they are not part of the sums. */
    public static boolean isReference(Stage s) {
        return s.operationsPerClip() == 0;
    }

    /** Decoded (needed) sampled frames per emitted clip in steady state: the stride's new frames, at most T. */
    public static int decodedFramesPerClip(ClipGeometry g) {
        return Math.min(g.clipStride(), g.frames());
    }

    /**
     * @param extra stages measured elsewhere (Kafka transfers, inference) to fold into the table
     */
    public Result run(List<Stage> extra) {
        ClipGeometry geometry = ClipGeometry.of(card);
        int perClip = geometry.frameStep() * geometry.clipStride();
        int decoded = decodedFramesPerClip(geometry);
        int probed = perClip - decoded;
        List<Stage> stages = new ArrayList<>();

        byte[][] payloads = serializedFrames();
        try (Deserializer<VideoFrame> deserializer =
                     AvroSerdes.specific(VideoFrame.class, serdeConfig, false).deserializer()) {
            int[] i = {0};
            stages.add(stage("deserialize VideoFrame (Avro, registry)", "frame", perClip,
                    () -> {
                        deserializer.deserialize(Topics.FRAMES, payloads[i[0]++ % payloads.length]);
                        return 1;
                    }));
        }
        stages.add(stateStore(decoded));

        // The decoder the pipeline picks (frame.decoder=auto); ImageIO stays as a reference row when it is not that.
        ImageDecoder decoder = JpegDecoderChoice.AUTO.resolve().get();
        ImageDecoder imageIo = new ImageIoJpegDecoder();
        DecodedImage image = new DecodedImage();
        int[] j = {0};
        stages.add(stage("JPEG header check (unsampled frame)", "frame", probed, () -> {
            byte[] jpeg = frames.get(j[0]++).jpeg();
            probe(decoder, jpeg);
            return 1;
        }));
        stages.add(stage("JPEG decode (" + decoderName(decoder) + ")", "frame", decoded, () -> {
            byte[] jpeg = frames.get(j[0]++).jpeg();
            decode(decoder, jpeg, image);
            return 1;
        }));
        if (!(decoder instanceof ImageIoJpegDecoder)) {
            stages.add(stage("reference: JPEG decode with frame.decoder=imageio", "frame", 0, () -> {
                decode(imageIo, frames.get(j[0]++).jpeg(), image);
                return 1;
            }));
        }
        PreviousImageIoPath previous = new PreviousImageIoPath();
        stages.add(stage("reference: JPEG header check before (ImageIO reader)", "frame", 0, () -> {
            return previous.probe(frames.get(j[0]++).jpeg()) > 0 ? 1 : 0;
        }));
        stages.add(stage("reference: JPEG decode before (ImageIO into TYPE_3BYTE_BGR)", "frame", 0, () -> {
            previous.decode(frames.get(j[0]++).jpeg());
            return 1;
        }));
        FrameTensorizer tensorizer = new FrameTensorizer(card);
        float[] slice = new float[tensorizer.frameFloats()];
        decode(decoder, frames.get(0).jpeg(), image);
        stages.add(stage("resize + normalise", "frame", decoded, () -> {
            tensorizer.tensorize(image, slice);
            return 1;
        }));
        stages.add(tensorBuild(slice));
        stages.add(eventBuild());
        decoder.close();
        imageIo.close();
        stages.addAll(extra);
        stages.sort(Comparator.comparingInt(s -> order(s.name())));
        double total = stages.stream().mapToDouble(Stage::microsPerClip).sum();
        return new Result(stages, total, total / perClip, perClip, decoded, frames.meanJpegBytes());
    }

    private static String decoderName(ImageDecoder decoder) {
        return decoder instanceof TurboJpegDecoder ? "libjpeg-turbo" : "ImageIO";
    }

    private static int order(String name) {
        String[] sequence = {"consume", "deserialize", "state", "JPEG header", "JPEG decode", "resize", "tensor",
                "inference", "event", "serialize", "produce", "reference"};
        for (int i = 0; i < sequence.length; i++) {
            if (name.startsWith(sequence[i])) {
                return i;
            }
        }
        return sequence.length;
    }

    private Stage stage(String name, String unit, double perClip, LongSupplier operation) {
        Summary rate = protocol.rate(operation);
        Summary micros = rate.map(r -> 1e6 / r);
        long allocated = Allocation.bytesPerOperation(operation::getAsLong, 200);
        log.info("stage name=\"{}\" microsPerOp={} allocatedBytesPerOp={}", name,
                String.format("%.1f", micros.median()), allocated);
        return new Stage(name, unit, micros, perClip, micros.median() * perClip, allocated);
    }

    /** The frame store's work per stored frame: put when it arrives, delete when no clip needs it any more. */
    private Stage stateStore(int perClip) {
        Path dir;
        try {
            dir = Files.createTempDirectory("actionwatch-bench-rocksdb");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary RocksDB directory", e);
        }
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, dir.toString())) {
            byte[] prefix = FrameKeys.prefix("cam-1");
            long[] seq = {0};
            return stage("state store put + delete (RocksDB, frame bytes)", "stored frame", perClip, () -> {
                try {
                    long s = seq[0]++;
                    db.put(FrameKeys.key(prefix, s).get(), frames.get(s).jpeg());
                    if (s >= 16) {
                        db.delete(FrameKeys.key(prefix, s - 16).get());
                    }
                    return 1;
                } catch (RocksDBException e) {
                    throw new IllegalStateException("RocksDB failed: " + e.getMessage(), e);
                }
            });
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open RocksDB in " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Per clip: copy T preprocessed slices into the pooled direct buffer and wrap it in a tensor (then close it). */
    private Stage tensorBuild(float[] slice) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer buffer = ByteBuffer.allocateDirect(card.clipFloats() * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        ModelCard.Input in = card.input();
        long[] shape = {1, in.frames(), in.channels(), in.height(), in.width()};
        return stage("tensor build (copy T frames into a direct buffer + OnnxTensor)", "clip", 1, () -> {
            buffer.clear();
            for (int t = 0; t < in.frames(); t++) {
                buffer.put(slice);
            }
            buffer.flip();
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, shape)) {
                return tensor.getInfo().getShape().length > 0 ? 1 : 0;
            } catch (OrtException e) {
                throw new IllegalStateException("cannot create a tensor: " + e.getMessage(), e);
            }
        });
    }

    /** Per clip: softmax, top-k and the event record, then its registry serialization. */
    private Stage eventBuild() {
        ActionEventFactory events = new ActionEventFactory(card, 3);
        float[] logits = new float[card.labels().size()];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.sin(i);
        }
        ClipSummary clip = new ClipSummary("cam-1", 7, 112, 126, card.input().frames(), 0, 1_000, 2_000, "waving");
        try (Serializer<ActionEvent> serializer =
                     AvroSerdes.specific(ActionEvent.class, serdeConfig, false).serializer()) {
            return stage("event build + serialize ActionEvent (Avro, registry)", "clip", 1, () -> {
                ActionEvent event = events.create(clip, logits, 2_100, 20f, 1);
                return serializer.serialize(Topics.ACTIONS, event).length > 0 ? 1 : 0;
            });
        }
    }

    /** Every pre-rendered frame as the camera's serializer writes it (registry wire format). */
    public byte[][] serializedFrames() {
        try (Serializer<VideoFrame> serializer = AvroSerdes.specific(VideoFrame.class, serdeConfig, false).serializer()) {
            byte[][] out = new byte[frames.size()][];
            for (int i = 0; i < out.length; i++) {
                PreRenderedFrames.Frame f = frames.get(i);
                VideoFrame value = new VideoFrame("cam-1", (long) i, Instant.ofEpochMilli(1_000L + i), "jpeg",
                        frames.width(), frames.height(), ByteBuffer.wrap(f.jpeg()), f.metadata(), 1L);
                out[i] = serializer.serialize(Topics.FRAMES, value);
            }
            return out;
        }
    }

    private static void probe(ImageDecoder decoder, byte[] jpeg) {
        try {
            decoder.probe(jpeg, 0, jpeg.length);
        } catch (ImageDecodeException e) {
            throw new IllegalStateException("a pre-rendered frame does not decode: " + e.getMessage(), e);
        }
    }

    private static void decode(ImageDecoder decoder, byte[] jpeg, DecodedImage image) {
        try {
            decoder.decode(jpeg, 0, jpeg.length, image);
        } catch (ImageDecodeException e) {
            throw new IllegalStateException("a pre-rendered frame does not decode: " + e.getMessage(), e);
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
