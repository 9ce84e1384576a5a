package io.actionwatch.benchmark.frames;

import io.actionwatch.ingest.source.FrameSource;
import io.actionwatch.ingest.source.SourceFrame;

/**
 * A camera source that hands out {@link PreRenderedFrames} as ready JPEGs, looping, so a real
 * {@link io.actionwatch.ingest.publish.Camera} (capture loop, spool, sender, its own producer) publishes the synthetic
 * scene without rendering or encoding it on every frame: the load on the pipeline is the camera's, not the
 * renderer's. The camera stamps each frame's capture time as it takes it.
 */
public final class PreRenderedSource implements FrameSource {

    private final PreRenderedFrames frames;
    private final long offset;
    private long next;

    /** @param offset index of the first frame handed out, so cameras sharing the frames show different clips */
    public PreRenderedSource(PreRenderedFrames frames, long offset) {
        this.frames = frames;
        this.offset = offset;
    }

    @Override
    public SourceFrame next() {
        PreRenderedFrames.Frame f = frames.get(offset + next++);
        return SourceFrame.jpeg(f.jpeg(), frames.width(), frames.height(), SourceFrame.CAPTURED_NOW, f.metadata());
    }

    @Override
    public String describe() {
        return "pre-rendered(" + frames.size() + " frames, from " + offset + ")";
    }

    @Override
    public void close() {
        // The frames are shared by all cameras and live as long as the process.
    }
}
