package io.actionwatch.inference.person;

import io.actionwatch.inference.event.ClipSummary;
import io.actionwatch.inference.fill.FilledClip;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.inference.schedule.ClipDecision;
import io.actionwatch.inference.schedule.ClipScheduler;
import io.actionwatch.inference.schedule.RunChange;
import io.actionwatch.inference.schedule.StaleEpochException;
import io.actionwatch.inference.tracking.PersonTracker;
import io.actionwatch.inference.tracking.Track;
import io.actionwatch.inference.tracking.TrackedPerson;
import io.actionwatch.schemas.Person;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;

/**
 * A camera's sampled frames with the people found in them, in; per-person clips, out. The tracker gives each
 * person an id; each tracked person is a clip stream cut by the model's geometry and decided by the same
 * {@link ClipScheduler} rules as a camera's clips. A person clip is ready when the camera has moved past its end
 * and the person was seen in enough of its frames ({@code maxMissingFrames} may be filled from the nearest); a
 * person seen too little in a clip gets no event for it.
 *
 * <p>The tracker reads frames strictly in order (it ignores one at or before its last), so a person stream never
 * receives a frame after the camera has moved on: its scheduler runs without a reorder grace. A frame behind the
 * camera's last, however far behind, is such an ignored frame within the same run; whether a frame starts a new run
 * of the camera, or belongs to an older one, is {@link #admit}'s decision, by the shared rule
 * {@link ClipScheduler#runChange}.
 */
public final class PersonClipBuilder {

    private final ClipScheduler scheduler;
    private final PersonTracker tracker;

    /**
     * @param scheduler person streams' clip rules: the model's geometry, no reorder grace
     */
    public PersonClipBuilder(ClipScheduler scheduler, PersonTracker tracker) {
        this.scheduler = scheduler;
        this.tracker = tracker;
    }

    /**
     * The clip rules for person streams: the model's geometry, gap limit and restart gap (epoch 0 only), and no
     * reorder grace (see above).
     */
    public static ClipScheduler schedulerFor(ClipGeometry geometry, int maxMissingFrames, long restartGapFrames) {
        return new ClipScheduler(geometry, 0, maxMissingFrames, restartGapFrames);
    }

    /**
     * Decides which run of the camera a frame (sampled or not) belongs to, before {@link #accept} sees it. A frame of a
     * newer run (or, for producers without epochs, one numbered far below the camera's last) drops the old run's
     * people and unfinished clips: the camera starts afresh, its track ids still never reused.
     *
     * @return {@link RunChange#RESTARTED} when the state was dropped, else {@link RunChange#SAME_RUN}
     * @throws StaleEpochException when the frame belongs to an older run than the state: the state is unchanged
     */
    public RunChange admit(PersonCameraState state, long epoch, long sequence) throws StaleEpochException {
        long lastSequence = state.tracker().hasFrame() ? state.tracker().lastSequence() : -1;
        RunChange change = scheduler.runChange(state.epoch(), lastSequence, epoch, sequence);
        switch (change) {
            case RESTARTED -> state.restarted(epoch);
            case STALE_EPOCH -> throw new StaleEpochException(epoch, state.epoch());
            case SAME_RUN -> {
            }
        }
        return change;
    }

    /**
     * Tracks the people of one sampled frame and returns the person clips that frame completes, by track id. The
     * frame must have been {@link #admit admitted} to the state's run.
     *
     * @param metadata the frame's metadata: each person's ground truth is looked up in it ({@link PersonTruth})
     * @return the clips now ready; empty for a frame at or before the camera's last (late, a stray or a replay:
     *         ignored)
     */
    public List<PersonClip> accept(PersonCameraState state, String cameraId, long sequence, long captureMillis,
                                   Map<String, String> metadata, List<PersonDetection> people) {
        if (state.tracker().hasFrame() && sequence <= state.tracker().lastSequence()) {
            return List.of();
        }
        for (TrackedPerson person : tracker.update(state.tracker(), sequence, people)) {
            PersonStream stream = state.streams().computeIfAbsent(person.trackId(),
                    id -> new PersonStream(id, firstClipFrom(sequence)));
            if (!scheduler.isLate(sequence, stream.nextClip())) {
                stream.add(new PersonFrame(sequence, captureMillis, PersonTruth.labelOf(metadata, person.detection()),
                        person.detection()));
            }
        }
        List<PersonClip> ready = new ArrayList<>();
        Set<Long> alive = liveTracks(state);
        Iterator<PersonStream> streams = state.streams().values().iterator();
        while (streams.hasNext()) {
            PersonStream stream = streams.next();
            decide(cameraId, stream, sequence, ready);
            stream.dropBefore(scheduler.geometry().firstSequence(stream.nextClip()));
            if (stream.frames().isEmpty() && !alive.contains(stream.trackId())) {
                streams.remove();
            }
        }
        return ready;
    }

    /** A new person's first clip: the first that starts at or after the frame they were first reported in. */
    private long firstClipFrom(long sequence) {
        ClipGeometry geometry = scheduler.geometry();
        return geometry.firstClipStartingAt(geometry.sampledIndexAtOrAfter(sequence));
    }

    private static Set<Long> liveTracks(PersonCameraState state) {
        Set<Long> ids = new HashSet<>();
        for (Track track : state.tracker().tracks()) {
            ids.add(track.id());
        }
        return ids;
    }

    private void decide(String cameraId, PersonStream stream, long highestSequence, List<PersonClip> ready) {
        NavigableSet<Long> stored = stream.frames().navigableKeySet();
        while (true) {
            ClipDecision decision = scheduler.decide(stream.nextClip(), highestSequence, stored);
            if (decision instanceof ClipDecision.Ready r) {
                ready.add(clip(cameraId, stream, r.clip()));
                stream.nextClip(r.clip() + 1);
            } else if (decision instanceof ClipDecision.Skip s) {
                stream.nextClip(s.resumeAt());
            } else {
                return;
            }
        }
    }

    private PersonClip clip(String cameraId, PersonStream stream, long clip) {
        ClipGeometry geometry = scheduler.geometry();
        int frames = geometry.frames();
        PersonFrame[] slots = new PersonFrame[frames];
        for (int t = 0; t < frames; t++) {
            slots[t] = stream.frames().get(geometry.sequenceOf(geometry.firstIndex(clip) + t));
        }
        FilledClip<PersonFrame> filled = FilledClip.of(slots);
        List<PersonDetection> detections = Arrays.stream(filled.frames()).map(PersonFrame::detection).toList();
        ClipSummary summary = new ClipSummary(cameraId, clip, geometry.firstSequence(clip),
                geometry.lastSequence(clip), frames, filled.missingFrames(), filled.startMillis(),
                filled.endMillis(), filled.groundTruth());
        return new PersonClip(summary, detections, person(stream.trackId(), slots));
    }

    /** The person over the clip: the union of their boxes and their mean keypoint score where they were seen. */
    static Person person(long trackId, PersonFrame[] seen) {
        float yMin = Float.MAX_VALUE;
        float xMin = Float.MAX_VALUE;
        float yMax = -Float.MAX_VALUE;
        float xMax = -Float.MAX_VALUE;
        double scores = 0;
        int count = 0;
        for (PersonFrame frame : seen) {
            if (frame == null) {
                continue;
            }
            PersonDetection d = frame.detection();
            yMin = Math.min(yMin, d.yMin());
            xMin = Math.min(xMin, d.xMin());
            yMax = Math.max(yMax, d.yMax());
            xMax = Math.max(xMax, d.xMax());
            for (int k = 0; k < CocoKeypoints.COUNT; k++) {
                scores += d.keypointScore(k);
                count++;
            }
        }
        return new Person(trackId, yMin, xMin, yMax, xMax, (float) (scores / Math.max(1, count)));
    }
}
