package io.actionwatch.ingest.source;

import java.io.IOException;

/** Where a camera's pictures come from: a synthetic scene, a folder of images, a video file, RTSP or a device. */
public interface FrameSource extends AutoCloseable {

    /**
     * Captures the next frame.
     *
     * @return the frame, or {@code null} when the source has no more frames
     * @throws IOException when the source cannot be read any more
     */
    SourceFrame next() throws IOException;

    /** A short description for logs, e.g. {@code synthetic(seed=7)}. */
    String describe();

    /**
     * Whether the source keeps its own time: a live stream delivers frames as they happen and a video file played
     * at its own rate waits for each frame's presentation time, so the camera must not pace them again (its fps
     * is then a limit the source applies). Synthetic scenes and image folders are paced by the camera.
     */
    default boolean pacesItself() {
        return false;
    }

    /**
     * Asks a source that may be waiting (for a reconnection, for a frame's time) to give up soon; called from
     * another thread when the camera stops. next() then returns null.
     */
    default void requestStop() {
    }

    @Override
    void close();
}
