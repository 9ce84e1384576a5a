package io.actionwatch.inference.window;

import io.actionwatch.inference.batch.ClipQueue;
import io.actionwatch.inference.batch.ScheduledClip;
import io.actionwatch.inference.event.ClipSummary;
import io.actionwatch.inference.fill.FilledClip;
import io.actionwatch.inference.frame.CachedFrame;
import io.actionwatch.inference.frame.ValidFrame;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.preprocess.PixelSlicePool;
import io.actionwatch.inference.schedule.ClipDecision;
import io.actionwatch.inference.schedule.ClipScheduler;
import io.actionwatch.inference.schedule.StaleEpochException;
import io.actionwatch.inference.state.ClipStream;
import io.actionwatch.inference.state.ClipStreamStore;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.text.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Cuts one task's validated frames into clips, per clip stream (today a camera, keyed by its id): stores the frames a
 * clip will need, asks the {@link ClipScheduler} which clips can be decided, fills and queues the ready ones and
 * passes the skipped ones on in order. What becomes of a clip after the model is the {@link ClipResolver}'s business.
 * Single-threaded (owned by one task).
 */
final class ClipAssembler {

    private static final Logger log = LoggerFactory.getLogger(ClipAssembler.class);

    private final ClipGeometry geometry;
    private final ClipScheduler scheduler;
    private final ClipStreamStore store;
    private final StreamLifecycle lifecycle;
    private final ClipQueue queue;
    private final PixelSlicePool pool;
    private final PipelineSensors sensors;
    private final String taskId;
    private boolean resumePending = true;

    ClipAssembler(ClipScheduler scheduler, ClipStreamStore store, StreamLifecycle lifecycle, ClipQueue queue,
                  PixelSlicePool pool, PipelineSensors sensors, String taskId) {
        this.geometry = scheduler.geometry();
        this.scheduler = scheduler;
        this.store = store;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.pool = pool;
        this.sensors = sensors;
        this.taskId = taskId;
    }

    /**
     * Takes a frame into its stream and hands on every clip of the stream that can now be decided.
     *
     * @throws StaleEpochException for a frame of an older run of its camera: nothing was stored or changed
     */
    void accept(ValidFrame valid, long now) throws StaleEpochException {
        resumeIfPending(now);
        VideoFrame frame = valid.frame();
        long sequence = frame.getSequence();
        float[] pixels = valid.pixels();
        ClipStream stream;
        try {
            stream = lifecycle.open(frame.getCameraId(), frame.getEpoch(), sequence, now);
        } catch (StaleEpochException e) {
            pool.release(pixels); // the frame goes no further: its slice would otherwise leak from the pool
            throw e;
        }
        stream.cursor().seen(sequence, now);
        if (!geometry.isNeeded(sequence) || !keep(stream, frame, valid.encoded(), pixels)) {
            pool.release(pixels);
        }
        store.persist(stream);
        schedule(stream, now);
    }

    /** Runs the batch once its oldest clip has waited long enough. */
    void onBatchTick(long now) {
        resumeIfPending(now);
        queue.flushIfDue(now);
    }

    /**
     * After (re)initialisation, on the first frame or tick, re-examines every stream in the stores: clips that were
     * ready but not yet emitted when the previous owner of the task stopped are scheduled again from the stored frames.
     */
    private void resumeIfPending(long now) {
        if (!resumePending) {
            return;
        }
        resumePending = false;
        List<ClipStream> streams = store.loadAll();
        if (streams.isEmpty()) {
            return;
        }
        int frames = streams.stream().mapToInt(ClipStream::storedFrames).sum();
        for (ClipStream stream : streams) {
            schedule(stream, now);
        }
        log.info("clip state resumed task={} cameras={} storedFrames={}", taskId, streams.size(), frames);
    }

    /** Stores a needed frame unless it is a duplicate or arrives after every clip using it was decided. */
    private boolean keep(ClipStream stream, VideoFrame frame, byte[] encoded, float[] pixels) {
        long sequence = frame.getSequence();
        if (stream.frame(sequence) != null) {
            stream.cursor().duplicateDropped();
            sensors.count("frames-duplicate");
            log.debug("duplicate frame dropped camera={} seq={}", UntrustedText.excerpt(stream.key()), sequence);
            return false;
        }
        if (scheduler.isLate(sequence, stream.scheduledUpTo())) {
            stream.cursor().lateFrameDropped();
            sensors.count("frames-late");
            log.debug("late frame dropped camera={} seq={} nextClip={}", UntrustedText.excerpt(stream.key()),
                    sequence, stream.scheduledUpTo());
            return false;
        }
        store.storeFrame(stream, frame, encoded, pixels);
        return true;
    }

    /** Hands every clip of the stream that can be decided now to the queue, in clip order. */
    private void schedule(ClipStream stream, long now) {
        while (true) {
            ClipDecision decision = scheduler.decide(stream.scheduledUpTo(), stream.cursor().highestSequence(),
                    stream.storedSequences());
            if (decision instanceof ClipDecision.Ready ready) {
                ScheduledClip clip = assemble(stream, ready.clip());
                if (clip == null) {
                    continue; // a stored frame proved unreadable and was dropped; decide this clip again
                }
                stream.scheduledUpTo(ready.clip() + 1);
                queue.ready(clip, now);
            } else if (decision instanceof ClipDecision.Skip skip) {
                logSkip(stream, skip);
                stream.scheduledUpTo(skip.resumeAt());
                queue.skipped(ScheduledClip.skipped(stream, skip.fromClip(), skip.resumeAt()), now);
            } else {
                return;
            }
        }
    }

    private void logSkip(ClipStream stream, ClipDecision.Skip skip) {
        long clip = skip.fromClip();
        String camera = UntrustedText.excerpt(stream.key());
        if (skip.empty()) {
            log.warn("clips skipped camera={} fromClip={} toClip={} reason=no-frames highestSeq={}", camera, clip,
                    skip.resumeAt() - 1, stream.cursor().highestSequence());
        } else {
            log.warn("clip skipped camera={} clip={} firstSeq={} lastSeq={} present={} missing={} maxMissing={}",
                    camera, clip, geometry.firstSequence(clip), geometry.lastSequence(clip), skip.presentFrames(),
                    geometry.frames() - skip.presentFrames(), scheduler.maxMissingFrames());
        }
    }

    /**
     * Collects clip {@code clip}'s frames, decoding any loaded from the stores, and fills its gaps.
     *
     * @return the clip, or null when a stored frame could not be read back (it has been removed)
     */
    private ScheduledClip assemble(ClipStream stream, long clip) {
        CachedFrame[] slots = new CachedFrame[geometry.frames()];
        long first = geometry.firstIndex(clip);
        for (int t = 0; t < slots.length; t++) {
            CachedFrame f = stream.frame(geometry.sequenceOf(first + t));
            if (f != null && !store.hydrate(stream, f)) {
                return null;
            }
            slots[t] = f;
        }
        FilledClip<CachedFrame> filled = FilledClip.of(slots);
        ClipSummary summary = new ClipSummary(stream.key(), clip, geometry.firstSequence(clip),
                geometry.lastSequence(clip), slots.length, filled.missingFrames(), filled.startMillis(),
                filled.endMillis(), filled.groundTruth());
        return ScheduledClip.ready(stream, filled.frames(), summary);
    }

    /** Forgets everything held in memory, the queue included; the stores keep what is needed to resume. */
    void release() {
        queue.clear();
        store.release();
    }

    /** Queued clips are not run on close: the next owner of the task emits them again from the stores. */
    void close() {
        if (!queue.isEmpty()) {
            log.info("closing with clips in the batch task={} entries={}; they are re-emitted from state on resume",
                    taskId, queue.size());
        }
        release();
    }
}
