package io.actionwatch.operator.replay;

import io.actionwatch.schemas.ActionEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often the replayed model gave the live model's label, per live label, over the clips both have an event for.
 * Clips are matched by what identifies a clip, not by event id (which contains the model): camera, sequence range,
 * first frame's capture time and, for per-person events, the track id.
 *
 * @param perLabel live label → [clips, agreeing]
 */
record Agreement(Map<String, long[]> perLabel, long liveOnly, long replayOnly, String liveModels) {

    static Agreement of(List<ActionEvent> live, List<ActionEvent> replayed) {
        Map<String, ActionEvent> liveByClip = new HashMap<>();
        TreeMap<String, Boolean> models = new TreeMap<>();
        for (ActionEvent e : live) {
            liveByClip.putIfAbsent(clipKey(e), e);
            models.put(e.getModelName() + " " + e.getModelVersion(), true);
        }
        Map<String, long[]> perLabel = new TreeMap<>();
        long replayOnly = 0;
        long matched = 0;
        for (ActionEvent r : replayed) {
            ActionEvent l = liveByClip.get(clipKey(r));
            if (l == null) {
                replayOnly++;
                continue;
            }
            matched++;
            long[] counts = perLabel.computeIfAbsent(l.getLabel(), k -> new long[2]);
            counts[0]++;
            if (l.getLabel().equals(r.getLabel())) {
                counts[1]++;
            }
        }
        return new Agreement(perLabel, liveByClip.size() - matched, replayOnly, String.join(", ", models.keySet()));
    }

    long clips() {
        return perLabel.values().stream().mapToLong(c -> c[0]).sum();
    }

    long agreeing() {
        return perLabel.values().stream().mapToLong(c -> c[1]).sum();
    }

    static String clipKey(ActionEvent e) {
        long track = e.getPerson() == null ? -1 : e.getPerson().getTrackId();
        return e.getCameraId().length() + ":" + e.getCameraId() + "|" + e.getFirstSequence() + "|"
                + e.getLastSequence() + "|" + e.getClipStartTime().toEpochMilli() + "|" + track;
    }
}
