package io.actionwatch.inference.event;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: a name-based UUID over camera, clip sequence range, the capture time of the clip's first
 * frame, and model name and version. A re-emitted clip (restore, replay) carries the same id, so downstream
 * de-duplicates on it; a new model version gets new ids for the same clips. The capture time is in the name because a
 * camera that restarts numbers its frames from 0 again: its new clips reuse sequence ranges, not capture times.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String of(String cameraId, long firstSequence, long lastSequence, long clipStartMillis,
                            String modelName, String modelVersion) {
        // Separator cannot occur in the numeric parts; length-prefixing the free-text parts keeps them unambiguous.
        String name = cameraId.length() + ":" + cameraId + "|" + firstSequence + "|" + lastSequence + "|"
                + clipStartMillis + "|" + modelName.length() + ":" + modelName + "|" + modelVersion;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
