package io.actionwatch.ingest.publish;

import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.source.FrameSource;
import io.actionwatch.ingest.source.SyntheticSource;
import io.actionwatch.ingest.spool.FrameSpool;
import io.actionwatch.schemas.VideoFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running camera: captures a {@link FrameSource}'s frames into a bounded {@link FrameSpool} on one thread
 * ({@link CaptureLoop}) and sends them to Kafka from the spool on another ({@link FrameSender}), until stopped, the
 * frame limit is reached or the source ends. Capture never waits for the network: during a broker outage frames
 * wait in the spool and go out in order when the broker is back. The camera owns the source, the spool and the
 * producer and closes them when it ends.
 *
 * <pre>{@code
 * try (Camera camera = Camera.start(CameraSettings.of("cam-1", bootstrap, registryUrl), source)) {
 *     ...
 * }   // stop(): stops capturing, sends what is spooled (bounded), closes everything
 * }</pre>
 */
public final class Camera implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Camera.class);
    /** How long stop() lets spooled and buffered frames drain before giving up on them (they count as failed). */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final CameraSettings settings;
    private final FrameSource source;
    private final FrameSpool spool;
    private final CaptureLoop capture;
    private final FrameSender sender;
    private final Producer<String, VideoFrame> producer;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch captureEnded = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread captureThread;
    private final Thread senderThread;
    /** When stop() was asked for, plus the close timeout: the senders' deadline. */
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private volatile Throwable failure;

    private Camera(CameraSettings settings, FrameSource source, FrameSpool spool, Producer<String, VideoFrame> producer,
                   Clock clock) {
        this.settings = settings;
        this.source = source;
        this.spool = spool;
        this.producer = producer;
        this.capture = new CaptureLoop(settings, source, spool, clock);
        this.sender = new FrameSender(settings, spool, producer);
        this.captureThread = new Thread(this::captureLoop, "camera-" + settings.cameraId());
        this.senderThread = new Thread(this::senderLoop, "camera-" + settings.cameraId() + "-sender");
        this.captureThread.setDaemon(true);
        this.senderThread.setDaemon(true);
    }

    /** Starts publishing {@code source} (now owned by the camera) with a Kafka producer tuned for frames. */
    public static Camera start(CameraSettings settings, FrameSource source) {
        FrameSpool spool = null;
        try {
            spool = openSpool(settings);
            KafkaProducer<String, VideoFrame> producer = new KafkaProducer<>(FrameProducerConfig.forCamera(settings));
            return start(settings, source, spool, producer, Clock.systemUTC());
        } catch (RuntimeException e) {
            source.close();
            if (spool != null) {
                spool.close(false);
            }
            throw e;
        }
    }

    /** Starts a synthetic camera: the scene of {@code sceneSeed} at the given size, rendered at the camera's fps. */
    public static Camera startSynthetic(CameraSettings settings, long sceneSeed, int width, int height) {
        return startSynthetic(settings, sceneSeed, width, height, 1);
    }

    /** A synthetic camera whose scene holds {@code people} figures (1 to {@link SceneSettings#MAX_PEOPLE}). */
    public static Camera startSynthetic(CameraSettings settings, long sceneSeed, int width, int height, int people) {
        double sceneFps = settings.paced() ? settings.fps() : CameraSettings.DEFAULT_FPS;
        return start(settings, new SyntheticSource(new SceneSettings(width, height, sceneFps, sceneSeed, true,
                people)));
    }

    /** With a given producer and clock (tests). The camera closes the producer when it ends. */
    static Camera start(CameraSettings settings, FrameSource source, Producer<String, VideoFrame> producer,
                        Clock clock) {
        return start(settings, source, openSpool(settings), producer, clock);
    }

    private static Camera start(CameraSettings settings, FrameSource source, FrameSpool spool,
                                Producer<String, VideoFrame> producer, Clock clock) {
        Camera camera = new Camera(settings, source, spool, producer, clock);
        camera.captureThread.start();
        camera.senderThread.start();
        return camera;
    }

    private static FrameSpool openSpool(CameraSettings settings) {
        try {
            return new FrameSpool(settings.cameraId(), settings.spool());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool of camera " + settings.cameraId() + " in "
                    + settings.spool().directory() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Publishes {@code settings.framesLimit()} frames (or until the source ends) on the calling thread's behalf and
     * returns once all are acknowledged or failed: deterministic runs for tests and batch jobs.
     */
    public static CameraStats publish(CameraSettings settings, FrameSource source) throws InterruptedException {
        if (settings.framesLimit() <= 0) {
            throw new IllegalArgumentException("publish() needs a frame limit; use start() for an endless camera");
        }
        try (Camera camera = start(settings, source)) {
            camera.finished.await();
            camera.failure().ifPresent(e -> {
                throw new IllegalStateException("camera " + settings.cameraId() + " failed: " + e.getMessage(), e);
            });
            return camera.stats();
        }
    }

    private void captureLoop() {
        try {
            capture.run(stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (Throwable e) {
            failure = e;
            log.error("camera failed camera={} error=\"{}\"", settings.cameraId(), e.toString(), e);
        } finally {
            source.close();
            capture.close();
            captureEnded.countDown();
        }
    }

    private void senderLoop() {
        long unsent = 0;
        try {
            if (sender.run(() -> captureEnded.getCount() == 0, () -> drainDeadlineNanos) != null) {
                unsent++;
            }
            // Ended by itself (limit or end of source): every frame is delivered before the camera reports. A
            // stopped camera waits no longer than the close timeout.
            if (!sender.awaitAcknowledged(() -> drainDeadlineNanos)) {
                log.warn("camera stopped with frames unacknowledged camera={} inFlight={}", settings.cameraId(),
                        sender.inFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("camera sender interrupted camera={}", settings.cameraId());
        } catch (Throwable e) {
            failure = e;
            log.error("camera sender failed camera={} error=\"{}\"", settings.cameraId(), e.toString(), e);
        } finally {
            try {
                awaitCaptureEnded();
                unsent += spool.close(true);
                sender.countUnsent(unsent);
                long left = Math.max(0, drainDeadlineNanos == Long.MAX_VALUE ? 0
                        : drainDeadlineNanos - System.nanoTime());
                try {
                    producer.close(Duration.ofNanos(left));
                } catch (RuntimeException e) {
                    log.warn("closing the producer failed camera={} error=\"{}\"", settings.cameraId(), e.toString());
                }
                sender.flushFailureLog();
                CameraStats s = stats();
                log.info("camera stopped camera={} captured={} sent={} failed={} dropped={} nextSequence={}",
                        settings.cameraId(), s.captured(), s.sent(), s.failed(), s.dropped(), s.nextSequence());
            } finally {
                finished.countDown();
            }
        }
    }

    private void awaitCaptureEnded() {
        try {
            captureEnded.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public CameraSettings settings() {
        return settings;
    }

    /** Counters now; after the camera has ended they are final. */
    public CameraStats stats() {
        return new CameraStats(capture.captured(), sender.sent(), sender.failed() + capture.refused(),
                spool.dropped(), spool.frames() + sender.inFlight(), sender.bytesSent(), capture.nextSequence());
    }

    /** This run's epoch, stamped on every frame. */
    public long epoch() {
        return capture.epoch();
    }

    /** Whether the camera is still running (capturing, or sending what it captured). */
    public boolean isRunning() {
        return finished.getCount() > 0;
    }

    /** Waits for the camera to end by itself (frame limit, end of source, failure) with every frame delivered. */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Why the camera ended early: a source error or an unexpected exception. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Stops capturing, gives spooled and buffered frames up to {@link #CLOSE_TIMEOUT} to reach the broker, and
     * closes everything. Frames still in memory then are counted as failed; frames in a disk spool stay for the
     * camera's next run.
     */
    public void stop() {
        if (drainDeadlineNanos == Long.MAX_VALUE) {
            drainDeadlineNanos = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        }
        stop.countDown();
        source.requestStop();
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while stopping camera={}; it finishes in the background", settings.cameraId());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
