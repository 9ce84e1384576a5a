package io.actionwatch.inference.window;

import io.actionwatch.inference.frame.CachedFrame;

import java.util.TreeMap;

/**
 * One camera as its task's clip assembler holds it in memory: the persisted cursor, an index of the frames in the
 * store (sequence to cached frame), and how far clips have been handed to the batcher. Rebuilt from the stores
 * whenever the processor (re)initialises, so it never holds anything the stores do not.
 */
final class CameraState {

    final String cameraId;
    final byte[] keyPrefix;
    final CameraCursor cursor;
    final TreeMap<Long, CachedFrame> frames = new TreeMap<>();
    /** Next clip to examine; clips in [cursor.nextClip, scheduledUpTo) wait in the batcher. */
    long scheduledUpTo;
    /** Entries of this camera in the batcher; a camera with any is never evicted. */
    int pending;

    CameraState(String cameraId, CameraCursor cursor) {
        this.cameraId = cameraId;
        this.keyPrefix = FrameKeys.prefix(cameraId);
        this.cursor = cursor;
        this.scheduledUpTo = cursor.nextClip();
    }
}
