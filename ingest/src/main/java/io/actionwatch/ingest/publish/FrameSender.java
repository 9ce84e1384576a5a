package io.actionwatch.ingest.publish;

import io.actionwatch.ingest.spool.FrameSpool;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.PayloadErrorKind;
import io.actionwatch.serde.PayloadException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side of a camera: takes frames from the spool in order and hands them to the Kafka producer, keeping
 * at most {@link #WINDOW_BYTES} unacknowledged in it, so the producer never blocks and the rest of a broker outage
 * waits in the (bounded) spool. The producer retries what it holds until the broker is back (idempotent, in order).
 * Until the topic's metadata is known (a broker away at start, or lost with a delivery timeout) frames stay in the
 * spool; a registry that cannot be reached holds the sender on its current frame. Both are retried with back-off.
 * Frames the broker refuses for good are counted as failed and logged.
 */
final class FrameSender {

    private static final Logger log = LoggerFactory.getLogger(FrameSender.class);
    /** Unacknowledged frame bytes in the producer: well under its buffer.memory, so send() never waits for room. */
    static final long WINDOW_BYTES = 8L * 1024 * 1024;
    private static final long POLL_MILLIS = 100;
    private static final long RETRY_MIN_MILLIS = 100;
    private static final long RETRY_MAX_MILLIS = 2_000;
    private static final long WAIT_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final CameraSettings settings;
    private final FrameSpool spool;
    private final Producer<String, VideoFrame> producer;
    private final SendFailureLog failureLog;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final Object window = new Object();
    private long inFlightBytes;
    private long inFlightFrames;
    private volatile boolean metadataKnown;
    /** Whether the sender holds a frame taken from the spool and not handed over yet (waiting for the registry). */
    private volatile boolean holding;
    private long lastWaitLogNanos;

    FrameSender(CameraSettings settings, FrameSpool spool, Producer<String, VideoFrame> producer) {
        this.settings = settings;
        this.spool = spool;
        this.producer = producer;
        this.failureLog = new SendFailureLog(settings.cameraId());
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    long bytesSent() {
        return bytesSent.get();
    }

    /** Frames taken from the spool and not yet acknowledged or failed (held, or handed to the producer). */
    long inFlight() {
        synchronized (window) {
            return inFlightFrames + (holding ? 1 : 0);
        }
    }

    /**
     * Sends until the capture has ended and the spool is empty, or until {@code deadline} (a {@link System#nanoTime}
     * value, read each time; {@code Long.MAX_VALUE} while the camera runs) has passed.
     *
     * @return the frame in hand when the deadline passed (not sent), else null
     */
    VideoFrame run(BooleanSupplier captureEnded, LongSupplier deadline) throws InterruptedException {
        long retryMillis = RETRY_MIN_MILLIS;
        while (true) {
            boolean ended = captureEnded.getAsBoolean();
            if (ended && spool.isEmpty()) {
                return null;
            }
            if (!metadataKnown) {
                // Learn where the topic lives before taking a frame out: while the broker is away every frame stays
                // in the spool, where the newest are kept.
                try {
                    producer.partitionsFor(settings.topic());
                    metadataKnown = true;
                    retryMillis = RETRY_MIN_MILLIS;
                } catch (TimeoutException e) {
                    logWaiting("broker", e);
                    long left = (deadline.getAsLong() - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        return null;
                    }
                    Thread.sleep(Math.min(retryMillis, left));
                    retryMillis = Math.min(retryMillis * 2, RETRY_MAX_MILLIS);
                    continue;
                }
            }
            VideoFrame frame = spool.poll(POLL_MILLIS);
            if (frame == null) {
                if (System.nanoTime() - deadline.getAsLong() > 0) {
                    return null;
                }
                continue;
            }
            holding = true;
            try {
                if (!send(frame, deadline)) {
                    return frame;
                }
            } finally {
                holding = false;
            }
        }
    }

    /** @return false when the deadline passed before the frame could be handed over */
    private boolean send(VideoFrame frame, LongSupplier deadline) throws InterruptedException {
        long size = FrameSpool.sizeOf(frame);
        if (!awaitWindow(size, deadline)) {
            return false;
        }
        long retryMillis = RETRY_MIN_MILLIS;
        while (true) {
            try {
                if (handOver(frame, size)) {
                    return true;
                }
                logWaiting("broker", new TimeoutException("the topic's metadata did not arrive in time"));
            } catch (PayloadException e) {
                if (e.kind() != PayloadErrorKind.REGISTRY_UNAVAILABLE) {
                    refused(frame, "serialization", e);
                    return true;
                }
                logWaiting("schema registry", e);
            } catch (RecordTooLargeException e) {
                refused(frame, "oversize", e);
                return true;
            } catch (KafkaException e) {
                refused(frame, "send", e);
                return true;
            }
            long left = (deadline.getAsLong() - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.min(retryMillis, left));
            retryMillis = Math.min(retryMillis * 2, RETRY_MAX_MILLIS);
        }
    }

    /**
     * Hands the frame to the producer.
     *
     * @return false when the producer gave it back at once: it timed out waiting for the topic's metadata (the
     *         broker went away), and was neither sent nor buffered, so the sender tries the same frame again
     */
    private boolean handOver(VideoFrame frame, long size) {
        long sequence = frame.getSequence();
        int jpegBytes = frame.getData().remaining();
        ProducerRecord<String, VideoFrame> record = new ProducerRecord<>(settings.topic(), null,
                frame.getCaptureTime().toEpochMilli(), settings.cameraId(), frame);
        synchronized (window) {
            inFlightBytes += size;
            inFlightFrames++;
        }
        Thread sending = Thread.currentThread();
        boolean[] givenBack = new boolean[1];
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    sent.incrementAndGet();
                    bytesSent.addAndGet(jpegBytes);
                } else if (error instanceof TimeoutException && Thread.currentThread() == sending) {
                    // Called back inside send() on this thread: the record never reached the producer's buffer.
                    givenBack[0] = true;
                    metadataKnown = false;
                } else {
                    failed.incrementAndGet();
                    failureLog.failed(sequence, "delivery", error);
                    if (error instanceof TimeoutException) {
                        metadataKnown = false;
                    }
                }
                release(size);
            });
        } catch (RuntimeException e) {
            release(size);
            throw e;
        }
        return !givenBack[0];
    }

    private void release(long size) {
        synchronized (window) {
            inFlightBytes -= size;
            inFlightFrames--;
            window.notifyAll();
        }
    }

    private boolean awaitWindow(long size, LongSupplier deadline) throws InterruptedException {
        synchronized (window) {
            while (inFlightFrames > 0 && inFlightBytes + size > WINDOW_BYTES) {
                long left = (deadline.getAsLong() - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                window.wait(Math.min(left, POLL_MILLIS));
            }
            return true;
        }
    }

    /** Waits until every frame handed over is acknowledged or failed, or the deadline passes. */
    boolean awaitAcknowledged(LongSupplier deadline) throws InterruptedException {
        // No producer.flush(): it would wait past the deadline while the broker is away. linger.ms sends anyway.
        synchronized (window) {
            while (inFlightFrames > 0) {
                long left = (deadline.getAsLong() - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                window.wait(Math.min(left, POLL_MILLIS));
            }
            return true;
        }
    }

    private void refused(VideoFrame frame, String reason, KafkaException e) {
        failed.incrementAndGet();
        failureLog.failed(frame.getSequence(), reason, e);
    }

    private void logWaiting(String what, KafkaException cause) {
        long now = System.nanoTime();
        if (lastWaitLogNanos == 0 || now - lastWaitLogNanos >= WAIT_LOG_INTERVAL_NANOS) {
            log.warn("camera waiting for the {} camera={} spooled={} spoolDropped={} error=\"{}\"", what,
                    settings.cameraId(), spool.frames(), spool.dropped(), cause.getMessage());
            lastWaitLogNanos = now;
        }
    }

    /** Counts frames that will never be sent (the camera stopped before they could be). */
    void countUnsent(long frames) {
        failed.addAndGet(frames);
    }

    /** Logs failures not logged individually yet (at the end of a run). */
    void flushFailureLog() {
        failureLog.flush();
    }
}
