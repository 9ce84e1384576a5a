package io.actionwatch.inference.window;

import io.actionwatch.inference.batch.ClipQueue;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.schedule.ClipScheduler;
import io.actionwatch.inference.schedule.StaleEpochException;
import io.actionwatch.inference.state.ClipStream;
import io.actionwatch.inference.state.ClipStreamStore;
import io.actionwatch.text.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which state a stream's frames go to, and when that state is dropped: a stream comes from memory or the stores, is
 * started at its first frame, is started again when its camera restarts (a newer epoch, or for producers without
 * epochs a numbering restarted far below; else every frame after a producer restart would be dropped as late), and
 * is evicted once idle so that a camera that went away does not hold its frames forever. A frame of an older epoch
 * than the stream's is refused ({@link StaleEpochException}) and changes nothing, not even the stream's last activity:
 * if a camera really went back to an older epoch (a producer rolled back), its stream goes idle, is evicted, and the
 * old epoch's frames then start a new one. The rule itself is {@link ClipScheduler#runChange}.
 */
final class StreamLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamLifecycle.class);

    private final ClipStreamStore store;
    private final ClipScheduler scheduler;
    private final ClipQueue queue;
    private final PipelineSensors sensors;
    private final long idleTimeoutMillis;
    private final String taskId;

    StreamLifecycle(ClipStreamStore store, ClipScheduler scheduler, ClipQueue queue, PipelineSensors sensors,
                    long idleTimeoutMillis, String taskId) {
        this.store = store;
        this.scheduler = scheduler;
        this.queue = queue;
        this.sensors = sensors;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.taskId = taskId;
    }

    /**
     * The stream a frame of this epoch and sequence goes to.
     *
     * @throws StaleEpochException when the frame belongs to an older run of the camera than its stream; nothing changed
     */
    ClipStream open(String key, long epoch, long sequence, long now) throws StaleEpochException {
        ClipStream stream = store.find(key);
        if (stream == null) {
            return start(key, epoch, sequence, now);
        }
        long currentEpoch = stream.cursor().epoch();
        return switch (scheduler.runChange(currentEpoch, stream.cursor().highestSequence(), epoch, sequence)) {
            case SAME_RUN -> stream;
            case RESTARTED -> restart(stream, epoch, sequence, now);
            case STALE_EPOCH -> throw new StaleEpochException(epoch, currentEpoch);
        };
    }

    private ClipStream start(String key, long epoch, long sequence, long now) {
        long startClip = scheduler.startClip(sequence);
        ClipStream stream = store.start(key, epoch, startClip, now);
        log.info("camera started camera={} epoch={} firstSeq={} startClip={} task={}", UntrustedText.excerpt(key),
                epoch, sequence, startClip, taskId);
        return stream;
    }

    /** Finishes the stream's clips in the batch, drops the old run's state and starts again at this frame. */
    private ClipStream restart(ClipStream stream, long epoch, long sequence, long now) {
        if (stream.pending() > 0) {
            queue.flush();
        }
        log.info("camera restarted camera={} epoch={} seq={} previousEpoch={} previousHighestSeq={}",
                UntrustedText.excerpt(stream.key()), epoch, sequence, stream.cursor().epoch(),
                stream.cursor().highestSequence());
        store.evict(stream, "restarted", now);
        sensors.count(PipelineSensors.CAMERA_RESTARTS);
        return start(stream.key(), epoch, sequence, now);
    }

    /** Drops the streams idle for longer than the timeout (wall clock). */
    void evictIdle(long now) {
        for (ClipStream stream : store.silent(now, idleTimeoutMillis)) {
            // Clips in the batch still need the stream's cursor to resolve; it goes once they have.
            if (stream.pending() == 0) {
                store.evict(stream, "idle", now);
                sensors.count("cameras-evicted");
            }
        }
    }
}
