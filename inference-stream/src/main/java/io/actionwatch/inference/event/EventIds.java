package io.actionwatch.inference.event;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: a name-based UUID over camera, clip sequence range, the capture time of the clip's first
 * frame, and model name and version. A re-emitted clip (restore, replay) carries the same id, so downstream
 * de-duplicates on it; a new model version gets new ids for the same clips. The capture time is in the name because a
 * camera that restarts numbers its frames from 0 again: its new clips reuse sequence ranges, not capture times.
 * Per-person clips add the person's track id, so two people in the same frames get two ids, while whole-frame ids
 * stay what they were before people were tracked.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String of(String cameraId, long firstSequence, long lastSequence, long clipStartMillis,
                            String modelName, String modelVersion) {
        return uuid(clipName(cameraId, firstSequence, lastSequence, clipStartMillis, modelName, modelVersion));
    }

    /** The id of a per-person clip: the whole-frame name of the same clip plus the person's track id. */
    public static String ofPerson(String cameraId, long trackId, long firstSequence, long lastSequence,
                                  long clipStartMillis, String modelName, String modelVersion) {
        return uuid(clipName(cameraId, firstSequence, lastSequence, clipStartMillis, modelName, modelVersion)
                + "|track:" + trackId);
    }

    private static String clipName(String cameraId, long firstSequence, long lastSequence, long clipStartMillis,
                                   String modelName, String modelVersion) {
        // Separator cannot occur in the numeric parts; length-prefixing the free-text parts keeps them unambiguous.
        return cameraId.length() + ":" + cameraId + "|" + firstSequence + "|" + lastSequence + "|"
                + clipStartMillis + "|" + modelName.length() + ":" + modelName + "|" + modelVersion;
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
