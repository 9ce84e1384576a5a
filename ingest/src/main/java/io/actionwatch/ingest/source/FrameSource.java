package io.actionwatch.ingest.source;

import java.io.IOException;

/** Where a camera's pictures come from: a synthetic scene, a folder of images, later video files and RTSP. */
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

    @Override
    void close();
}
