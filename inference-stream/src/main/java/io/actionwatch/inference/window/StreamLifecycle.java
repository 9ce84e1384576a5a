package io.actionwatch.inference.window;

import io.actionwatch.inference.batch.ClipQueue;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.schedule.ClipScheduler;
import io.actionwatch.inference.state.ClipStream;
import io.actionwatch.inference.state.ClipStreamStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which state a stream's frames go to, and when that state is dropped: a stream comes from memory or the stores, is
 * started at its first frame, is started again when its source restarts its numbering (else every frame after a
 * producer restart would be dropped as late), and is evicted once idle so that a camera that went away does not hold
 * its frames forever.
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

    /** The stream a frame with this sequence goes to. */
    ClipStream open(String key, long sequence, long now) {
        ClipStream stream = store.find(key);
        if (stream == null) {
            return start(key, sequence, now);
        }
        if (scheduler.isRestart(stream.cursor().highestSequence(), sequence)) {
            return restart(stream, sequence, now);
        }
        return stream;
    }

    private ClipStream start(String key, long sequence, long now) {
        long startClip = scheduler.startClip(sequence);
        ClipStream stream = store.start(key, startClip, now);
        log.info("camera started camera={} firstSeq={} startClip={} task={}", key, sequence, startClip, taskId);
        return stream;
    }

    /** Finishes the stream's clips in the batch, drops the old numbering's state and starts again at this frame. */
    private ClipStream restart(ClipStream stream, long sequence, long now) {
        if (stream.pending() > 0) {
            queue.flush();
        }
        log.info("camera restarted its sequence numbers camera={} seq={} previousHighestSeq={}", stream.key(),
                sequence, stream.cursor().highestSequence());
        store.evict(stream, "restarted", now);
        sensors.count("camera-restarts");
        return start(stream.key(), sequence, now);
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
