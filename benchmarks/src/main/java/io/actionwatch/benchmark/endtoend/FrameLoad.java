package io.actionwatch.benchmark.endtoend;

import io.actionwatch.benchmark.frames.PreRenderedFrames;
import io.actionwatch.ingest.publish.CameraSettings;
import io.actionwatch.ingest.publish.FrameProducerConfig;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * K synthetic cameras replaying pre-rendered, pre-encoded frames at an adjustable frame rate, from one thread and one
 * producer (configured as a camera's). A camera's frames keep consecutive sequence numbers across rate changes, and
 * each frame's capture time is the moment it is handed to the producer, so latency is measured from "capture".
 * Cameras are staggered within a frame interval so the load is smooth, as independent cameras would be.
 */
public final class FrameLoad implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FrameLoad.class);

    /** One camera run for the whole load: its cameras never restart. */
    private final long epoch = System.currentTimeMillis();
    private final PreRenderedFrames frames;
    private final String[] cameraIds;
    private final long[] sequence;
    private final long[] nextDue;
    private final KafkaProducer<String, VideoFrame> producer;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile double fps;
    private volatile boolean rateChanged;
    private volatile boolean running = true;

    public FrameLoad(PreRenderedFrames frames, int cameras, String bootstrap, String registryUrl) {
        this.frames = frames;
        this.cameraIds = new String[cameras];
        this.sequence = new long[cameras];
        this.nextDue = new long[cameras];
        for (int i = 0; i < cameras; i++) {
            cameraIds[i] = "cam-" + (i + 1);
        }
        Map<String, Object> config = new java.util.HashMap<>(
                FrameProducerConfig.forCamera(CameraSettings.of("load", bootstrap, registryUrl)));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "benchmark-cameras");
        this.producer = new KafkaProducer<>(config);
        this.thread = new Thread(this::loop, "camera-load");
        this.thread.setDaemon(true);
    }

    public int cameras() {
        return cameraIds.length;
    }

    /** Starts (or changes) the per-camera frame rate; 0 pauses. */
    public void setFps(double newFps) {
        this.fps = newFps;
        this.rateChanged = true;
        if (!thread.isAlive() && running) {
            thread.start();
        }
    }

    public double fps() {
        return fps;
    }

    /** Frames acknowledged by the broker so far. */
    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    private void loop() {
        int cameras = cameraIds.length;
        while (running) {
            double rate = fps;
            if (rateChanged) {
                rateChanged = false;
                long now = System.nanoTime();
                for (int i = 0; i < cameras; i++) {
                    nextDue[i] = rate > 0 ? now + (long) (i * 1e9 / rate / cameras) : Long.MAX_VALUE;
                }
            }
            if (rate <= 0) {
                LockSupport.parkNanos(10_000_000L);
                continue;
            }
            int next = 0;
            for (int i = 1; i < cameras; i++) {
                if (nextDue[i] < nextDue[next]) {
                    next = i;
                }
            }
            long wait = nextDue[next] - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, 10_000_000L));
                continue;
            }
            send(next);
            nextDue[next] += (long) (1e9 / rate);
        }
    }

    private void send(int camera) {
        long seq = sequence[camera]++;
        // Cameras start at different points of the rendered scene so their clips differ.
        PreRenderedFrames.Frame f = frames.get(seq + 37L * camera);
        long capture = System.currentTimeMillis();
        VideoFrame value = new VideoFrame(cameraIds[camera], seq, Instant.ofEpochMilli(capture), "jpeg",
                frames.width(), frames.height(), ByteBuffer.wrap(f.jpeg()), f.metadata(), epoch);
        try {
            producer.send(new ProducerRecord<>(Topics.FRAMES, null, capture, cameraIds[camera], value),
                    (metadata, error) -> {
                        if (error == null) {
                            sent.incrementAndGet();
                        } else if (failed.getAndIncrement() == 0) {
                            log.warn("frame send failed camera={} seq={} error={}", cameraIds[camera], seq,
                                    error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.warn("frame send refused camera={} seq={} error={}", cameraIds[camera], seq, e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
