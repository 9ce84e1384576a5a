package io.actionwatch.ingest.publish;

import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.source.FrameSource;
import io.actionwatch.ingest.source.SyntheticSource;
import io.actionwatch.schemas.VideoFrame;
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
 * A running camera: publishes a {@link FrameSource}'s frames to Kafka on a thread of its own until stopped, the
 * frame limit is reached or the source ends. It owns the source and its producer and closes both when it ends.
 *
 * <pre>{@code
 * try (Camera camera = Camera.start(CameraSettings.of("cam-1", bootstrap, registryUrl), source)) {
 *     ...
 * }   // stop(): stops capturing, delivers what is buffered (bounded), closes everything
 * }</pre>
 */
public final class Camera implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Camera.class);
    /** How long stop() lets buffered frames drain before the producer gives up on them (they count as failed). */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final CameraSettings settings;
    private final CameraPublisher publisher;
    private final FrameSource source;
    private final Producer<String, VideoFrame> producer;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile Throwable failure;

    private Camera(CameraSettings settings, FrameSource source, Producer<String, VideoFrame> producer, Clock clock) {
        this.settings = settings;
        this.source = source;
        this.producer = producer;
        this.publisher = new CameraPublisher(settings, source, producer, clock);
        this.thread = new Thread(this::runLoop, "camera-" + settings.cameraId());
        this.thread.setDaemon(true);
    }

    /** Starts publishing {@code source} (now owned by the camera) with a Kafka producer tuned for frames. */
    public static Camera start(CameraSettings settings, FrameSource source) {
        KafkaProducer<String, VideoFrame> producer;
        try {
            producer = new KafkaProducer<>(FrameProducerConfig.forCamera(settings));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        return start(settings, source, producer, Clock.systemUTC());
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
        Camera camera = new Camera(settings, source, producer, clock);
        camera.thread.start();
        return camera;
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

    private void runLoop() {
        try {
            publisher.run(stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (Throwable e) {
            failure = e;
            log.error("camera failed camera={} error=\"{}\"", settings.cameraId(), e.toString(), e);
        } finally {
            try {
                producer.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("closing the producer failed camera={} error=\"{}\"", settings.cameraId(), e.toString());
            }
            source.close();
            publisher.close();
            publisher.logSummary();
            finished.countDown();
        }
    }

    public CameraSettings settings() {
        return settings;
    }

    /** Counters now; after the camera has ended they are final. */
    public CameraStats stats() {
        return publisher.stats();
    }

    /** Whether the capture loop is still running. */
    public boolean isRunning() {
        return finished.getCount() > 0;
    }

    /** Waits for the camera to end by itself (frame limit, end of source, failure). */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Why the camera ended early: a source error or an unexpected exception. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Stops capturing and waits until buffered frames are delivered or failed and everything is closed. */
    public void stop() {
        stop.countDown();
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
