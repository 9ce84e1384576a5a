package io.actionwatch.inference.state;

import io.actionwatch.inference.frame.CachedFrame;
import io.actionwatch.inference.preprocess.FramePreprocessor;
import io.actionwatch.inference.preprocess.ImageDecodeException;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Rebuilds a cached frame from its stored bytes (the record value as it arrived): used for frames restored from the
 * changelog, which this process has never decoded. Single-threaded.
 */
public final class FrameRestorer implements AutoCloseable {

    private final Deserializer<VideoFrame> deserializer;
    private final FramePreprocessor preprocessor;

    public FrameRestorer(Deserializer<VideoFrame> deserializer, FramePreprocessor preprocessor) {
        this.deserializer = deserializer;
        this.preprocessor = preprocessor;
    }

    void restore(byte[] stored, CachedFrame into) throws ImageDecodeException {
        VideoFrame frame = deserializer.deserialize(Topics.FRAMES, stored);
        float[] pixels = preprocessor.preprocess(frame.getData(), frame.getWidth(), frame.getHeight());
        into.hydrate(frame, pixels);
    }

    @Override
    public void close() {
        try {
            deserializer.close();
        } finally {
            preprocessor.close();
        }
    }
}
