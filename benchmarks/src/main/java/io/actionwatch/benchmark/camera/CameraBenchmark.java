package io.actionwatch.benchmark.camera;

import io.actionwatch.benchmark.cpu.ProcessCpu;
import io.actionwatch.benchmark.stats.Summary;
import io.actionwatch.ingest.encode.JpegEncoder;
import io.actionwatch.ingest.publish.Camera;
import io.actionwatch.ingest.publish.CameraSettings;
import io.actionwatch.ingest.publish.CameraStats;
import io.actionwatch.ingest.publish.FrameProducerConfig;
import io.actionwatch.ingest.source.SourceFrame;
import io.actionwatch.ingest.video.FfmpegSource;
import io.actionwatch.ingest.video.VideoInput;
import io.actionwatch.ingest.video.VideoSourceSettings;
import io.actionwatch.schemas.VideoFrame;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a camera costs in CPU per published frame, by stage and end to end, for H.264 files at 640x480 and 1280x720
 * and an MJPEG file at 1280x720 that the camera passes through without decoding or encoding.
 *
 * <p>Stages, each timed alone over one pass of the file: source (FFmpeg demux + decode + conversion to a BGR image
 * at the file's own size, {@link FfmpegSource#next()}; for MJPEG only the packet read), encode ({@link JpegEncoder}
 * at the camera's quality), produce (Avro serialization with the registry serializer + send + acknowledgement
 * through a warm producer with the camera's {@link FrameProducerConfig}). End to end: {@link Camera#publish} with an
 * {@link FfmpegSource}, i.e. the stages plus the spool, the capture/sender hand-over and the camera's start (a new
 * producer, metadata, schema lookup), which a short file does not amortise.
 *
 * <p>CPU is this JVM's process CPU time ({@code OperatingSystemMXBean.getProcessCpuTime}), not one thread's: FFmpeg
 * decodes on native threads of its own, the producer sends on its I/O thread and the camera captures and sends on
 * two threads, so any single thread's clock would miss part of the work. The broker and the registry are child
 * processes and not in it; the broker's CPU per frame is listed beside it. Nothing else of the suite runs during
 * this section, and every measured round follows a discarded warm-up round (JIT). Each stage's rounds alternate
 * with the other stages' so that all of them see the machine in the same state.
 */
public final class CameraBenchmark {

    private static final Logger log = LoggerFactory.getLogger(CameraBenchmark.class);
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** The goal: a camera publishes a 1280x720 frame in at most this much CPU of one core, end to end. */
    public static final double GOAL_CORE_MILLIS_PER_FRAME = 10;
    public static final int GOAL_WIDTH = 1280;
    public static final int GOAL_HEIGHT = 720;
    /** Distinct decoded frames the encode stage cycles through: enough variety, bounded memory (80 MiB at 720p). */
    private static final int ENCODE_IMAGES = 30;
    /** As the camera writes it ({@code CaptureLoop}): the {@code VideoFrame.encoding} of a JPEG frame. */
    private static final String FRAME_ENCODING = "jpeg";

    /** The cases the section measures: what cameras send, at the two sizes the issue names. */
    public static List<TestVideo> defaultVideos(int frames) {
        return List.of(new TestVideo(TestVideo.H264, 640, 480, frames),
                new TestVideo(TestVideo.H264, GOAL_WIDTH, GOAL_HEIGHT, frames),
                new TestVideo(TestVideo.MJPEG, GOAL_WIDTH, GOAL_HEIGHT, frames));
    }

    /**
     * One video's figures, core-ms per frame, median (min-max) over the measured rounds.
     *
     * @param video                  the input
     * @param passThrough            whether the camera published the file's own JPEGs (no decode, no encode)
     * @param sourceCoreMillis       FfmpegSource.next(): demux + decode + BGR conversion, or the packet read
     * @param encodeCoreMillis       JPEG encoding, null for pass-through
     * @param produceCoreMillis      serialize + send + acknowledgement, warm producer
     * @param sumOfStagesCoreMillis  the three stages' medians added up
     * @param endToEndCoreMillis     Camera.publish with an FfmpegSource, camera start included
     * @param startCoreMillis        core-ms (not per frame) of Camera.publish with a one-frame limit: the camera's
     *                               start and stop (producer, metadata, schema lookup, threads, file open) plus one
     *                               frame, which the end-to-end figure spreads over the run's frames
     * @param brokerCoreMillis       the broker JVM's CPU per frame during the end-to-end runs (not camera-side)
     * @param endToEndFramesPerSecond wall-clock rate of the end-to-end runs (as fast as the camera goes)
     * @param meanJpegBytes          mean size of the published JPEGs
     */
    public record Case(TestVideo video, boolean passThrough, Summary sourceCoreMillis, Summary encodeCoreMillis,
                       Summary produceCoreMillis, double sumOfStagesCoreMillis, Summary endToEndCoreMillis,
                       Summary startCoreMillis, Summary brokerCoreMillis, Summary endToEndFramesPerSecond,
                       double meanJpegBytes) {

        public static Case of(TestVideo video, boolean passThrough, Summary source, Summary encode, Summary produce,
                              Summary endToEnd, Summary start, Summary broker, Summary framesPerSecond,
                              double meanJpegBytes) {
            double sum = source.median() + (encode == null ? 0 : encode.median()) + produce.median();
            return new Case(video, passThrough, source, encode, produce, sum, endToEnd, start, broker,
                    framesPerSecond, meanJpegBytes);
        }

        public String label() {
            return video.width() + "x" + video.height() + " " + (video.codec().equals(TestVideo.MJPEG)
                    ? "MJPEG" + (passThrough ? " pass-through" : "") : "H.264");
        }
    }

    /**
     * The goal, judged on the 1280x720 H.264 case (decode and encode both needed) end to end.
     *
     * @param frame              the case and figure it is judged on
     * @param coreMillisPerFrame the goal
     * @param measured           the case's end-to-end median
     * @param met                measured <= goal
     */
    public record Goal(String frame, double coreMillisPerFrame, double measured, boolean met) {

        public static Goal judge(List<Case> cases) {
            Case decoded = cases.stream().filter(c -> !c.passThrough() && c.video().width() == GOAL_WIDTH
                            && c.video().height() == GOAL_HEIGHT).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no decoded " + GOAL_WIDTH + "x" + GOAL_HEIGHT
                            + " case to judge the goal on"));
            double measured = decoded.endToEndCoreMillis().median();
            return new Goal(decoded.label() + ", end to end", GOAL_CORE_MILLIS_PER_FRAME, measured,
                    measured <= GOAL_CORE_MILLIS_PER_FRAME);
        }
    }

    /**
     * @param framesPerRun frames of each pass (the videos' length)
     * @param runs         measured rounds per case (after one warm-up round)
     * @param jpegQuality  percent, the camera's
     * @param cpuClock     what "core-ms" was measured with
     */
    public record Result(int framesPerRun, int runs, int jpegQuality, String cpuClock, List<Case> cases, Goal goal) {
    }

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final String topic;
    private final Path videoDir;
    private final int runs;

    /**
     * @param topic    a scratch topic for frame-sized records that nothing consumes (the pipeline's own
     *                 {@code frames.v1} would feed these frames to the stream application of a later section)
     * @param videoDir where the test videos are kept between runs
     */
    public CameraBenchmark(String bootstrapServers, String schemaRegistryUrl, String topic, Path videoDir, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        this.bootstrapServers = bootstrapServers;
        this.schemaRegistryUrl = schemaRegistryUrl;
        this.topic = topic;
        this.videoDir = videoDir;
        this.runs = runs;
    }

    public Result run(List<TestVideo> videos) throws IOException, InterruptedException {
        List<Case> cases = new ArrayList<>();
        for (TestVideo video : videos) {
            cases.add(measure(video, video.ensureIn(videoDir)));
        }
        return new Result(videos.get(0).frames(), runs, CameraSettings.DEFAULT_JPEG_QUALITY,
                "process CPU time of this JVM, all threads (FFmpeg's native decoder threads included)", cases,
                Goal.judge(cases));
    }

    private Case measure(TestVideo video, Path file) throws IOException, InterruptedException {
        int frames = video.frames();
        String cameraId = "bench-" + video.codec() + "-" + video.width() + "x" + video.height();
        CameraSettings camera = CameraSettings.of(cameraId, bootstrapServers, schemaRegistryUrl).withTopic(topic)
                .withFps(0).withFramesLimit(frames);
        VideoSourceSettings sourceSettings = VideoSourceSettings.of(VideoInput.file(file)).withRealTime(false)
                .withBox(video.width(), video.height());
        double[] source = new double[runs];
        double[] encode = new double[runs];
        double[] produce = new double[runs];
        double[] endToEnd = new double[runs];
        double[] start = new double[runs];
        double[] broker = new double[runs];
        double[] framesPerSecond = new double[runs];
        boolean passThrough;
        List<byte[]> jpegs;
        try (JpegEncoder encoder = JpegEncoder.withPercent(camera.jpegQuality());
             KafkaProducer<String, VideoFrame> producer = new KafkaProducer<>(FrameProducerConfig.forCamera(camera))) {
            // Warm-up round, discarded: it also keeps the frames the encode and produce stages work on.
            Decoded warm = readSource(sourceSettings, frames, true);
            passThrough = warm.jpegs() != null;
            jpegs = passThrough ? warm.jpegs() : encodeAll(encoder, warm.images(), frames).jpegs();
            produceAll(producer, camera, video, jpegs);
            publish(camera, sourceSettings);
            log.info("camera section: {} warmed up, measuring {} rounds of {} frames", file.getFileName(), runs,
                    frames);
            for (int r = 0; r < runs; r++) {
                source[r] = perFrame(readSource(sourceSettings, frames, false).cpuNanos(), frames);
                if (!passThrough) {
                    Encoded encoded = encodeAll(encoder, warm.images(), frames);
                    encode[r] = perFrame(encoded.cpuNanos(), frames);
                }
                produce[r] = perFrame(produceAll(producer, camera, video, jpegs), frames);
                Published published = publish(camera, sourceSettings);
                endToEnd[r] = perFrame(published.cpuNanos(), frames);
                broker[r] = published.brokerCpuSeconds() * 1000 / frames;
                framesPerSecond[r] = frames / (published.wallNanos() / 1e9);
                start[r] = publish(camera.withFramesLimit(1), sourceSettings).cpuNanos() / 1e6;
            }
        }
        double meanJpegBytes = jpegs.stream().mapToInt(j -> j.length).average().orElseThrow();
        return Case.of(video, passThrough, Summary.of(source), passThrough ? null : Summary.of(encode),
                Summary.of(produce), Summary.of(endToEnd), Summary.of(start), Summary.of(broker),
                Summary.of(framesPerSecond), meanJpegBytes);
    }

    /**
     * The decoded images (copies of the first {@link #ENCODE_IMAGES}) or the passed-through JPEGs of one pass when
     * {@code keep}; copying happens only then, i.e. outside measured rounds.
     */
    private record Decoded(long cpuNanos, List<BufferedImage> images, List<byte[]> jpegs) {
    }

    private static Decoded readSource(VideoSourceSettings settings, int frames, boolean keep) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        List<byte[]> jpegs = new ArrayList<>();
        long started = processCpuNanos();
        try (FfmpegSource source = new FfmpegSource(settings)) {
            for (int i = 0; i < frames; i++) {
                SourceFrame frame = source.next();
                if (frame == null) {
                    throw new IllegalStateException(settings.input().location() + " ended after " + i + " of "
                            + frames + " frames");
                }
                if (!keep) {
                    continue;
                }
                if (frame.jpeg() != null) {
                    jpegs.add(frame.jpeg());
                } else if (images.size() < ENCODE_IMAGES) {
                    // The source reuses its image buffer for the next frame.
                    BufferedImage image = frame.image();
                    images.add(new BufferedImage(image.getColorModel(), image.copyData(null),
                            image.isAlphaPremultiplied(), null));
                }
            }
        }
        long cpu = processCpuNanos() - started;
        return new Decoded(cpu, images, jpegs.isEmpty() ? null : jpegs);
    }

    private record Encoded(long cpuNanos, List<byte[]> jpegs) {
    }

    /** {@code frames} encodings, cycling through {@code images}. */
    private static Encoded encodeAll(JpegEncoder encoder, List<BufferedImage> images, int frames) {
        List<byte[]> jpegs = new ArrayList<>(frames);
        long started = processCpuNanos();
        for (int i = 0; i < frames; i++) {
            jpegs.add(encoder.encode(images.get(i % images.size())));
        }
        return new Encoded(processCpuNanos() - started, jpegs);
    }

    /** Sends every JPEG as the camera's record and waits for all acknowledgements; process CPU nanoseconds. */
    private long produceAll(KafkaProducer<String, VideoFrame> producer, CameraSettings camera, TestVideo video,
                            List<byte[]> jpegs) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        long epoch = System.currentTimeMillis();
        long started = processCpuNanos();
        for (int i = 0; i < jpegs.size(); i++) {
            VideoFrame frame = new VideoFrame(camera.cameraId(), (long) i, Instant.ofEpochMilli(epoch + i),
                    FRAME_ENCODING, video.width(), video.height(), ByteBuffer.wrap(jpegs.get(i)), Map.of(), epoch);
            producer.send(new ProducerRecord<>(topic, camera.cameraId(), frame), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    acknowledged.incrementAndGet();
                }
            });
        }
        producer.flush();
        long cpu = processCpuNanos() - started;
        if (failure.get() != null) {
            throw new IllegalStateException("producing frames to " + topic + " failed: " + failure.get(),
                    failure.get());
        }
        if (acknowledged.get() != jpegs.size()) {
            throw new IllegalStateException("only " + acknowledged.get() + " of " + jpegs.size()
                    + " frames were acknowledged");
        }
        return cpu;
    }

    private record Published(long cpuNanos, long wallNanos, double brokerCpuSeconds) {
    }

    private static Published publish(CameraSettings camera, VideoSourceSettings sourceSettings)
            throws IOException, InterruptedException {
        // /proc is read outside the process-CPU window: reading it is the benchmark's work, not the camera's.
        Map<String, Double> before = ProcessCpu.snapshot();
        long startedWall = System.nanoTime();
        long started = processCpuNanos();
        CameraStats stats = Camera.publish(camera, new FfmpegSource(sourceSettings));
        long cpu = processCpuNanos() - started;
        long wall = System.nanoTime() - startedWall;
        Map<String, Double> spent = ProcessCpu.between(before, ProcessCpu.snapshot());
        if (stats.sent() != camera.framesLimit()) {
            throw new IllegalStateException("camera " + camera.cameraId() + " delivered " + stats.sent() + " of "
                    + camera.framesLimit() + " frames: " + stats);
        }
        return new Published(cpu, wall, spent.getOrDefault(ProcessCpu.BROKER_JVM, 0.0));
    }

    private static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    private static double perFrame(long cpuNanos, int frames) {
        return cpuNanos / 1e6 / frames;
    }
}
