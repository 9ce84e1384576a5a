package io.actionwatch.inference.window;

import io.actionwatch.inference.batch.ClipBatcher;
import io.actionwatch.inference.event.ActionEventFactory;
import io.actionwatch.inference.event.ClipSummary;
import io.actionwatch.inference.fill.FilledClip;
import io.actionwatch.inference.frame.CachedFrame;
import io.actionwatch.inference.frame.ValidFrame;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.model.ClipClassifier;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.preprocess.ImageDecodeException;
import io.actionwatch.inference.preprocess.PixelSlicePool;
import io.actionwatch.inference.schedule.ClipDecision;
import io.actionwatch.inference.schedule.ClipScheduler;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.VideoFrame;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Supplier;

/**
 * Builds clips per camera from validated frames and emits one {@link ActionEvent} per clip.
 *
 * <p>State lives in two changelogged stores: the frame store (one entry per needed frame, key
 * camera + big-endian sequence, value the frame's record bytes) and the cursor store (one small entry per camera).
 * Frames are never rewritten as a clip grows, so the changelog carries each frame once. In memory there is only an
 * index of each camera's stored frames with their preprocessed pixels, rebuilt from the stores on (re)initialisation.
 *
 * <p>A clip is scheduled when all its frames are present, or once a frame beyond its end plus the reorder grace has
 * arrived and few enough are missing (gaps filled with the nearest present frame); otherwise it is skipped. Scheduled
 * clips go to the batcher; the cursor moves past a clip only when its event has been forwarded, so under
 * exactly-once a crash in between leaves the clip to be emitted again from restored state, never lost or doubled.
 */
public final class ClipAssembler implements Processor<String, ValidFrame, String, ActionEvent> {

    private static final Logger log = LoggerFactory.getLogger(ClipAssembler.class);

    private final ClipAssemblySettings settings;
    private final ClipGeometry geometry;
    private final ClipScheduler scheduler;
    private final ClipClassifier classifier;
    private final ActionEventFactory events;
    private final PixelSlicePool pool;
    private final Supplier<FrameRestorer> restorers;
    private final String frameStoreName;
    private final String cursorStoreName;
    private final Map<String, CameraState> cameras = new HashMap<>();

    private ProcessorContext<String, ActionEvent> context;
    private KeyValueStore<Bytes, byte[]> frameStore;
    private KeyValueStore<String, CameraCursor> cursorStore;
    private ClipBatcher<ScheduledClip> batcher;
    private FrameRestorer restorer;
    private PipelineSensors sensors;
    private final List<Cancellable> punctuators = new ArrayList<>();
    private boolean resumePending;

    public ClipAssembler(ClipAssemblySettings settings, ClipClassifier classifier, ActionEventFactory events,
                         PixelSlicePool pool, Supplier<FrameRestorer> restorers, String frameStoreName,
                         String cursorStoreName) {
        this.settings = settings;
        this.geometry = settings.geometry();
        this.scheduler = new ClipScheduler(geometry, settings.reorderGraceFrames(), settings.maxMissingFrames(),
                settings.restartGapFrames());
        this.classifier = classifier;
        this.events = events;
        this.pool = pool;
        this.restorers = restorers;
        this.frameStoreName = frameStoreName;
        this.cursorStoreName = cursorStoreName;
    }

    @Override
    public void init(ProcessorContext<String, ActionEvent> context) {
        this.context = context;
        this.frameStore = context.getStateStore(frameStoreName);
        this.cursorStore = context.getStateStore(cursorStoreName);
        // A revived task reuses this instance: drop whatever the previous incarnation held in memory.
        releaseAll();
        this.batcher = new ClipBatcher<>(classifier, settings.batchMaxClips(), settings.batchMaxWait().toMillis());
        this.restorer = restorers.get();
        this.sensors = new PipelineSensors(context.metrics(), context.taskId().toString());
        this.resumePending = true;
        long batchTick = Math.max(1, Math.min(settings.batchMaxWait().toMillis(), 1_000) / 2);
        punctuators.add(context.schedule(Duration.ofMillis(batchTick), PunctuationType.WALL_CLOCK_TIME,
                this::onBatchTick));
        long idleTick = Math.max(100, Math.min(settings.cameraIdleTimeout().toMillis() / 4, 60_000));
        punctuators.add(context.schedule(Duration.ofMillis(idleTick), PunctuationType.WALL_CLOCK_TIME,
                this::evictIdleCameras));
    }

    @Override
    public void process(Record<String, ValidFrame> record) {
        long now = context.currentSystemTimeMs();
        if (resumePending) {
            resume(now);
        }
        ValidFrame valid = record.value();
        VideoFrame frame = valid.frame();
        long sequence = frame.getSequence();
        CameraState camera = camera(frame.getCameraId(), sequence, now);
        if (scheduler.isRestart(camera.cursor.highestSequence(), sequence)) {
            camera = restarted(camera, sequence, now);
        }
        camera.cursor.seen(sequence, now);
        float[] pixels = valid.pixels();
        if (geometry.isNeeded(sequence)) {
            if (!keep(camera, frame, valid.encoded(), pixels)) {
                pool.release(pixels);
            }
        } else {
            pool.release(pixels);
        }
        persist(camera);
        schedule(camera, now);
    }

    /** Stores a needed frame unless it is a duplicate or arrives after every clip using it was scheduled. */
    private boolean keep(CameraState camera, VideoFrame frame, byte[] encoded, float[] pixels) {
        long sequence = frame.getSequence();
        boolean present = camera.frames.containsKey(sequence);
        boolean stale = scheduler.isLate(sequence, camera.scheduledUpTo);
        if (present) {
            camera.cursor.duplicateDropped();
            sensors.count("frames-duplicate");
            log.debug("duplicate frame dropped camera={} seq={}", camera.cameraId, sequence);
            return false;
        }
        if (stale) {
            camera.cursor.lateFrameDropped();
            sensors.count("frames-late");
            log.debug("late frame dropped camera={} seq={} nextClip={}", camera.cameraId, sequence,
                    camera.scheduledUpTo);
            return false;
        }
        frameStore.put(FrameKeys.key(camera.keyPrefix, sequence), encoded);
        camera.frames.put(sequence, pixels == null ? CachedFrame.stub(sequence) : CachedFrame.decoded(frame, pixels));
        camera.cursor.frameStored();
        return true;
    }

    /** Hands every clip of the camera that can be decided now to the batcher, in clip order. */
    private void schedule(CameraState camera, long now) {
        while (true) {
            ClipDecision decision = scheduler.decide(camera.scheduledUpTo, camera.cursor.highestSequence(),
                    camera.frames.navigableKeySet());
            if (decision instanceof ClipDecision.Ready ready) {
                ScheduledClip clip = assemble(camera, ready.clip());
                if (clip == null) {
                    continue; // a stored frame proved unreadable and was dropped; decide this clip again
                }
                camera.scheduledUpTo = ready.clip() + 1;
                enqueue(camera, clip, now);
            } else if (decision instanceof ClipDecision.Skip skip) {
                logSkip(camera, skip);
                skip(camera, skip.fromClip(), skip.resumeAt(), now);
            } else {
                return;
            }
        }
    }

    private void logSkip(CameraState camera, ClipDecision.Skip skip) {
        long clip = skip.fromClip();
        if (skip.empty()) {
            log.warn("clips skipped camera={} fromClip={} toClip={} reason=no-frames highestSeq={}",
                    camera.cameraId, clip, skip.resumeAt() - 1, camera.cursor.highestSequence());
        } else {
            int missing = geometry.frames() - skip.presentFrames();
            log.warn("clip skipped camera={} clip={} firstSeq={} lastSeq={} present={} missing={} maxMissing={}",
                    camera.cameraId, clip, geometry.firstSequence(clip), geometry.lastSequence(clip),
                    skip.presentFrames(), missing, scheduler.maxMissingFrames());
        }
    }

    /**
     * Collects clip {@code clip}'s frames, hydrating any restored ones, and fills its gaps.
     *
     * @return the clip, or null when a stored frame could not be read back (it has been removed)
     */
    private ScheduledClip assemble(CameraState camera, long clip) {
        CachedFrame[] slots = new CachedFrame[geometry.frames()];
        long first = geometry.firstIndex(clip);
        for (int t = 0; t < slots.length; t++) {
            CachedFrame f = camera.frames.get(geometry.sequenceOf(first + t));
            if (f != null && !f.hydrated() && !hydrate(camera, f)) {
                return null;
            }
            slots[t] = f;
        }
        FilledClip filled = FilledClip.of(slots);
        ClipSummary summary = new ClipSummary(camera.cameraId, clip, geometry.firstSequence(clip),
                geometry.lastSequence(clip), slots.length, filled.missingFrames(), filled.startMillis(),
                filled.endMillis(), filled.groundTruth());
        return ScheduledClip.ready(filled.frames(), summary);
    }

    private boolean hydrate(CameraState camera, CachedFrame frame) {
        Bytes key = FrameKeys.key(camera.keyPrefix, frame.sequence());
        byte[] stored = frameStore.get(key);
        try {
            if (stored == null) {
                throw new IllegalStateException("frame missing from the frame store");
            }
            restorer.restore(stored, frame);
            sensors.count("frames-restored");
            return true;
        } catch (ImageDecodeException | RuntimeException e) {
            // Frames were validated before they were stored, so this means a damaged store or a changed decoder.
            log.error("stored frame unreadable, dropping it camera={} seq={} reason={}", camera.cameraId,
                    frame.sequence(), e.toString(), e);
            frameStore.delete(key);
            camera.frames.remove(frame.sequence());
            return false;
        }
    }

    private void enqueue(CameraState camera, ScheduledClip entry, long now) {
        camera.pending++;
        if (batcher.add(entry, now)) {
            flush();
        }
    }

    private void skip(CameraState camera, long from, long resumeAt, long now) {
        camera.scheduledUpTo = resumeAt;
        ScheduledClip entry = ScheduledClip.skipped(camera.cameraId, from, resumeAt);
        if (camera.pending == 0) {
            camera.pending++;
            resolve(entry, null, 0, 0f);
        } else {
            // Earlier clips of this camera still wait in the batch: resolve in order behind them.
            enqueue(camera, entry, now);
        }
    }

    private void flush() {
        batcher.flush(this::resolve);
        int size = batcher.lastBatchSize();
        if (size > 0) {
            sensors.count("batches");
            sensors.count("batched-clips", size);
            sensors.duration("inference-millis", batcher.lastInferenceMillis());
            float cpuMillis = batcher.lastInferenceCpuMillis();
            if (!Float.isNaN(cpuMillis)) {
                sensors.duration("inference-cpu-millis", cpuMillis);
            }
        }
    }

    /** A batch entry is done: forward its event (if any), then advance the cursor and drop unneeded frames. */
    private void resolve(ScheduledClip entry, float[] logits, int batchSize, float inferenceMillis) {
        CameraState camera = cameras.get(entry.cameraId());
        if (camera == null) {
            throw new IllegalStateException("camera " + entry.cameraId() + " left memory with clips in the batch");
        }
        camera.pending--;
        if (logits != null) {
            ClipSummary clip = entry.summary();
            ActionEvent event = events.create(clip, logits, context.currentSystemTimeMs(), inferenceMillis, batchSize);
            context.forward(new Record<>(camera.cameraId, event, clip.endMillis()));
            camera.cursor.clipEmitted(entry.clipIndex(), clip.missingFrames());
            sensors.count("clips-emitted");
            if (clip.missingFrames() > 0) {
                sensors.count("frames-filled", clip.missingFrames());
            }
            log.debug("clip emitted camera={} clip={} label={} score={} missing={} batch={}", camera.cameraId,
                    entry.clipIndex(), event.getLabel(), event.getScore(), clip.missingFrames(), batchSize);
        } else {
            camera.cursor.clipsSkipped(entry.resumeAt(), entry.skippedCount());
            sensors.count("clips-skipped", entry.skippedCount());
        }
        deleteBefore(camera, geometry.firstSequence(camera.cursor.nextClip()));
        persist(camera);
    }

    /** Deletes frames below {@code sequence}: no clip from the cursor on can use them. */
    private void deleteBefore(CameraState camera, long sequence) {
        NavigableMap<Long, CachedFrame> done = camera.frames.headMap(sequence, false);
        for (CachedFrame f : done.values()) {
            frameStore.delete(FrameKeys.key(camera.keyPrefix, f.sequence()));
            pool.release(f.takePixels());
        }
        done.clear();
    }

    private void onBatchTick(long now) {
        if (resumePending) {
            resume(now);
        }
        if (batcher.isDue(now)) {
            flush();
        }
    }

    /**
     * After (re)initialisation, re-examines every camera in the store: clips that were ready but not yet emitted when
     * the previous owner stopped are scheduled again from the restored frames.
     */
    private void resume(long now) {
        resumePending = false;
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, CameraCursor> all = cursorStore.all()) {
            all.forEachRemaining(kv -> ids.add(kv.key));
        }
        if (ids.isEmpty()) {
            return;
        }
        int frames = 0;
        for (String id : ids) {
            CameraState camera = loaded(id);
            frames += camera.frames.size();
            schedule(camera, now);
        }
        log.info("clip state resumed task={} cameras={} storedFrames={}", context.taskId(), ids.size(), frames);
    }

    private void evictIdleCameras(long now) {
        long timeout = settings.cameraIdleTimeout().toMillis();
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, CameraCursor> all = cursorStore.all()) {
            while (all.hasNext()) {
                KeyValue<String, CameraCursor> kv = all.next();
                CameraState inMemory = cameras.get(kv.key);
                CameraCursor cursor = inMemory != null ? inMemory.cursor : kv.value;
                boolean busy = inMemory != null && inMemory.pending > 0;
                if (!busy && now - cursor.lastActivityMillis() > timeout) {
                    idle.add(kv.key);
                }
            }
        }
        for (String id : idle) {
            evict(loaded(id), "idle", now);
            sensors.count("cameras-evicted");
        }
    }

    /**
     * The camera numbers its frames from scratch (its producer restarted): finish what is in the batch, drop the old
     * numbering's state and start the camera again at this frame.
     */
    private CameraState restarted(CameraState camera, long sequence, long now) {
        if (camera.pending > 0) {
            flush();
        }
        log.info("camera restarted its sequence numbers camera={} seq={} previousHighestSeq={}", camera.cameraId,
                sequence, camera.cursor.highestSequence());
        evict(camera, "restarted", now);
        sensors.count("camera-restarts");
        return camera(camera.cameraId, sequence, now);
    }

    /** Drops everything stored for a camera. */
    private void evict(CameraState camera, String reason, long now) {
        int dropped = camera.frames.size();
        deleteBefore(camera, Long.MAX_VALUE);
        cursorStore.delete(camera.cameraId);
        cameras.remove(camera.cameraId);
        log.info("camera state dropped camera={} reason={} idleMs={} framesDropped={} nextClip={} highestSeq={} "
                        + "clipsEmitted={} clipsSkipped={} duplicates={} late={}", camera.cameraId, reason,
                now - camera.cursor.lastActivityMillis(), dropped, camera.cursor.nextClip(),
                camera.cursor.highestSequence(), camera.cursor.clipsEmitted(), camera.cursor.clipsSkipped(),
                camera.cursor.duplicatesDropped(), camera.cursor.lateDropped());
    }

    /** The camera's in-memory state, loading it from the stores or starting it at the first frame seen. */
    private CameraState camera(String cameraId, long sequence, long now) {
        CameraState camera = cameras.get(cameraId);
        if (camera != null) {
            return camera;
        }
        if (cursorStore.get(cameraId) != null) {
            return loaded(cameraId);
        }
        long startClip = scheduler.startClip(sequence);
        camera = new CameraState(cameraId, new CameraCursor(startClip, -1, now));
        cameras.put(cameraId, camera);
        log.info("camera started camera={} firstSeq={} startClip={} task={}", cameraId, sequence, startClip,
                context.taskId());
        return camera;
    }

    private CameraState loaded(String cameraId) {
        CameraState camera = cameras.get(cameraId);
        if (camera != null) {
            return camera;
        }
        CameraCursor cursor = cursorStore.get(cameraId);
        if (cursor == null) {
            throw new IllegalStateException("no cursor stored for camera " + cameraId);
        }
        camera = new CameraState(cameraId, cursor);
        try (KeyValueIterator<Bytes, byte[]> stored = frameStore.range(FrameKeys.first(camera.keyPrefix),
                FrameKeys.last(camera.keyPrefix))) {
            while (stored.hasNext()) {
                long sequence = FrameKeys.sequence(stored.next().key);
                camera.frames.put(sequence, CachedFrame.stub(sequence));
            }
        }
        cameras.put(cameraId, camera);
        return camera;
    }

    private void persist(CameraState camera) {
        cursorStore.put(camera.cameraId, camera.cursor);
    }

    private void releaseAll() {
        if (batcher != null) {
            batcher.clear();
        }
        for (CameraState camera : cameras.values()) {
            for (Iterator<CachedFrame> it = camera.frames.values().iterator(); it.hasNext(); ) {
                pool.release(it.next().takePixels());
                it.remove();
            }
        }
        cameras.clear();
    }

    @Override
    public void close() {
        punctuators.forEach(Cancellable::cancel);
        punctuators.clear();
        if (batcher != null && !batcher.isEmpty()) {
            log.info("closing with clips in the batch task={} entries={}; they are re-emitted from state on resume",
                    context.taskId(), batcher.size());
        }
        releaseAll();
        if (sensors != null) {
            sensors.close();
        }
        if (restorer != null) {
            restorer.close();
        }
    }
}
