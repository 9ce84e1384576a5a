package io.actionwatch.ingest.publish;

import io.actionwatch.ingest.encode.JpegEncoder;
import io.actionwatch.ingest.source.FrameSource;
import io.actionwatch.ingest.source.SourceFrame;
import io.actionwatch.ingest.spool.FrameSpool;
import io.actionwatch.schemas.FrameLimits;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.topics.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture side of a camera: take a frame from the source, stamp it (epoch, sequence, capture time), JPEG-encode
 * it (unless the source delivered a JPEG) and put it in the spool, paced at the camera's frame rate unless the
 * source keeps its own time. Never touches the network, so a slow or absent broker never slows capture; the
 * {@link FrameSender} takes frames from the spool. A frame too large for the topic, or whose metadata breaks the
 * {@code frames.v1} contract ({@link FrameLimits}, which the stream application enforces too), is refused here,
 * counted and logged. Runs on the caller's thread; {@link Camera} gives it one of its own.
 */
final class CaptureLoop {

    private static final Logger log = LoggerFactory.getLogger(CaptureLoop.class);
    /** Room for the record's other fields, the wire-format header and Kafka's record overhead. */
    private static final int RECORD_OVERHEAD = 1024;

    private final CameraSettings settings;
    private final FrameSource source;
    private final FrameSpool spool;
    private final Clock clock;
    private final JpegEncoder encoder;
    private final AtomicLong captured = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** This run of the camera: its start in wall-clock milliseconds, so a later run has a larger epoch. */
    private final long epoch;
    private volatile long nextSequence;

    CaptureLoop(CameraSettings settings, FrameSource source, FrameSpool spool, Clock clock) {
        this.settings = settings;
        this.source = source;
        this.spool = spool;
        this.clock = clock;
        this.encoder = JpegEncoder.withPercent(settings.jpegQuality());
        this.nextSequence = settings.startSequence();
        this.epoch = clock.millis();
    }

    long captured() {
        return captured.get();
    }

    /** Frames refused before spooling (too large for the topic, metadata past the contract). */
    long refused() {
        return refused.get();
    }

    long nextSequence() {
        return nextSequence;
    }

    long epoch() {
        return epoch;
    }

    /**
     * Captures until the frame limit, the end of the source, or {@code stop} is counted down.
     *
     * @throws IOException when the source fails
     */
    void run(CountDownLatch stop) throws IOException, InterruptedException {
        boolean paced = settings.paced() && !source.pacesItself();
        long periodNanos = paced ? Math.round(1e9 / settings.fps()) : 0;
        long deadline = System.nanoTime();
        log.info("camera started camera={} epoch={} source=\"{}\" topic={} fps={} framesLimit={} startSequence={}",
                settings.cameraId(), epoch, source.describe(), settings.topic(), settings.fps(),
                settings.framesLimit(), settings.startSequence());
        while (stop.getCount() > 0) {
            if (settings.framesLimit() > 0 && captured.get() >= settings.framesLimit()) {
                break;
            }
            if (periodNanos > 0) {
                long now = System.nanoTime();
                if (deadline - now > 0) {
                    if (stop.await(deadline - now, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                } else if (now - deadline > periodNanos) {
                    // Behind by more than a frame (slow source): start a fresh schedule rather than bursting to
                    // catch up. The camera just captured fewer frames; sequences stay dense.
                    deadline = now;
                }
                deadline += periodNanos;
            }
            if (!captureOne()) {
                if (stop.getCount() > 0) {
                    log.info("source ended camera={} source=\"{}\"", settings.cameraId(), source.describe());
                }
                break;
            }
        }
    }

    /** @return false when the source has no more frames */
    boolean captureOne() throws IOException {
        long now = clock.millis();
        SourceFrame frame = source.next();
        if (frame == null) {
            return false;
        }
        long captureMillis = frame.hasCaptureTime() ? frame.captureMillis() : now;
        long sequence = nextSequence;
        nextSequence = sequence + 1;
        captured.incrementAndGet();
        Optional<String> badMetadata = FrameLimits.metadataProblem(frame.metadata());
        if (badMetadata.isPresent()) {
            // The stream application would dead-letter the frame; refusing it here says so where it is made.
            refused.incrementAndGet();
            log.error("frame refused camera={} seq={} reason=\"metadata\" source=\"{}\" problem=\"{}\": the "
                    + "source's metadata breaks the frames.v1 contract", settings.cameraId(), sequence,
                    source.describe(), badMetadata.get());
            return true;
        }
        byte[] jpeg = frame.jpeg() != null ? frame.jpeg() : encoder.encode(frame.image());
        VideoFrame value = new VideoFrame(settings.cameraId(), sequence, Instant.ofEpochMilli(captureMillis), "jpeg",
                frame.width(), frame.height(), ByteBuffer.wrap(jpeg), frame.metadata(), epoch);
        long estimate = FrameSpool.sizeOf(value) + RECORD_OVERHEAD;
        if (estimate > Topics.MAX_FRAME_RECORD_BYTES) {
            refused.incrementAndGet();
            log.error("frame refused camera={} seq={} reason=\"oversize\" jpegBytes={} limitBytes={}: lower the JPEG"
                    + " quality or the frame size", settings.cameraId(), sequence, jpeg.length,
                    Topics.MAX_FRAME_RECORD_BYTES);
            return true;
        }
        spool.offer(value);
        return true;
    }

    void close() {
        encoder.close();
    }
}
