package io.actionwatch.ingest.publish;

import io.actionwatch.ingest.encode.JpegEncoder;
import io.actionwatch.ingest.source.FrameSource;
import io.actionwatch.ingest.source.SourceFrame;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.topics.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture loop of one camera: take a frame from the source, stamp it (sequence, wall-clock capture time, which
 * is also the record timestamp), JPEG-encode it and send it keyed by camera id; paced at the camera's frame rate.
 * Failures are counted and logged with camera and sequence; a frame too large for the topic is refused before it
 * is sent. Runs on the caller's thread; {@link Camera} gives it one of its own.
 */
final class CameraPublisher {

    private static final Logger log = LoggerFactory.getLogger(CameraPublisher.class);
    /** Room for the record's other fields, the wire-format header and Kafka's record overhead. */
    private static final int RECORD_OVERHEAD = 1024;

    private final CameraSettings settings;
    private final FrameSource source;
    private final Producer<String, VideoFrame> producer;
    private final Clock clock;
    private final JpegEncoder encoder;
    private final SendFailureLog failureLog;
    private final AtomicLong captured = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    /** This run of the camera: its start in wall-clock milliseconds, so a later run has a larger epoch. */
    private final long epoch;
    private volatile long nextSequence;

    CameraPublisher(CameraSettings settings, FrameSource source, Producer<String, VideoFrame> producer, Clock clock) {
        this.settings = settings;
        this.source = source;
        this.producer = producer;
        this.clock = clock;
        this.encoder = JpegEncoder.withPercent(settings.jpegQuality());
        this.failureLog = new SendFailureLog(settings.cameraId());
        this.nextSequence = settings.startSequence();
        this.epoch = clock.millis();
    }

    CameraStats stats() {
        return new CameraStats(captured.get(), sent.get(), failed.get(), bytesSent.get(), nextSequence);
    }

    /**
     * Publishes until the frame limit, the end of the source, or {@code stop} is counted down.
     *
     * @throws IOException when the source fails
     */
    void run(CountDownLatch stop) throws IOException, InterruptedException {
        long periodNanos = settings.paced() ? Math.round(1e9 / settings.fps()) : 0;
        long deadline = System.nanoTime();
        log.info("camera started camera={} source=\"{}\" topic={} fps={} framesLimit={} startSequence={}",
                settings.cameraId(), source.describe(), settings.topic(), settings.fps(), settings.framesLimit(),
                settings.startSequence());
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
                    // Behind by more than a frame (slow source, blocked send): start a fresh schedule rather than
                    // bursting to catch up. The camera just captured fewer frames; sequences stay dense.
                    deadline = now;
                }
                deadline += periodNanos;
            }
            if (!captureAndSend()) {
                log.info("source ended camera={} source=\"{}\"", settings.cameraId(), source.describe());
                break;
            }
        }
        if (stop.getCount() > 0) {
            // Ended by itself (limit or end of source): deliver everything before reporting. A stopped camera
            // leaves the draining to the producer's bounded close instead.
            producer.flush();
        }
    }

    /** Logs the final counters (after the producer has closed, so every frame is either sent or failed). */
    void logSummary() {
        failureLog.flush();
        CameraStats s = stats();
        log.info("camera stopped camera={} captured={} sent={} failed={} nextSequence={}", settings.cameraId(),
                s.captured(), s.sent(), s.failed(), s.nextSequence());
    }

    /** @return false when the source has no more frames */
    boolean captureAndSend() throws IOException {
        long captureMillis = clock.millis();
        SourceFrame frame = source.next();
        if (frame == null) {
            return false;
        }
        long sequence = nextSequence;
        nextSequence = sequence + 1;
        captured.incrementAndGet();
        byte[] jpeg = encoder.encode(frame.image());
        int estimate = jpeg.length + RECORD_OVERHEAD + settings.cameraId().length() * 2 + metadataSize(frame.metadata());
        if (estimate > Topics.MAX_FRAME_RECORD_BYTES) {
            failed.incrementAndGet();
            log.error("frame refused camera={} seq={} reason=\"oversize\" jpegBytes={} limitBytes={}: lower the JPEG"
                    + " quality or the frame size", settings.cameraId(), sequence, jpeg.length,
                    Topics.MAX_FRAME_RECORD_BYTES);
            return true;
        }
        VideoFrame value = new VideoFrame(settings.cameraId(), sequence, Instant.ofEpochMilli(captureMillis), "jpeg",
                frame.image().getWidth(), frame.image().getHeight(), ByteBuffer.wrap(jpeg), frame.metadata(), epoch);
        ProducerRecord<String, VideoFrame> record =
                new ProducerRecord<>(settings.topic(), null, captureMillis, settings.cameraId(), value);
        int size = jpeg.length;
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    sent.incrementAndGet();
                    bytesSent.addAndGet(size);
                } else {
                    failed.incrementAndGet();
                    failureLog.failed(sequence, "delivery", error);
                }
            });
        } catch (RecordTooLargeException e) {
            failed.incrementAndGet();
            log.error("frame refused camera={} seq={} reason=\"oversize\" jpegBytes={} error=\"{}\"",
                    settings.cameraId(), sequence, jpeg.length, e.getMessage());
        } catch (KafkaException e) {
            // Serialisation (registry unreachable, incompatible schema) or a full buffer after max.block.ms.
            failed.incrementAndGet();
            failureLog.failed(sequence, "send", e);
        }
        return true;
    }

    private static int metadataSize(Map<String, String> metadata) {
        int size = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length + 10;
        }
        return size;
    }

    void close() {
        encoder.close();
    }
}
