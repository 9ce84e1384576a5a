package io.actionwatch.inference.event;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: a name-based UUID over camera, clip sequence range and model name and version. A
 * re-emitted clip (restore, replay) carries the same id, so downstream de-duplicates on it; a new model version
 * gets new ids for the same clips.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String of(String cameraId, long firstSequence, long lastSequence, String modelName,
                            String modelVersion) {
        // Separator cannot occur in the numeric parts; length-prefixing the free-text parts keeps them unambiguous.
        String name = cameraId.length() + ":" + cameraId + "|" + firstSequence + "|" + lastSequence + "|"
                + modelName.length() + ":" + modelName + "|" + modelVersion;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
