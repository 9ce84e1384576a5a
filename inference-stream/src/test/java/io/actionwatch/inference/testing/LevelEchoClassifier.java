package io.actionwatch.inference.testing;

import io.actionwatch.inference.model.ClipClassifier;
import io.actionwatch.inference.model.ClipFrames;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A deterministic stand-in model for topology tests (clip logic, not model quality): test frames are flat grey
 * images whose level encodes their sampled index, so this classifier reads back which frames each clip was built
 * from. It answers with the label {@code firstFrameIndex % labels}.
 */
public final class LevelEchoClassifier implements ClipClassifier {

    private final int labels;
    private final int frames;
    private final int maxBatch;
    private final List<List<Integer>> clips = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

    public LevelEchoClassifier(int labels, int frames, int maxBatch) {
        this.labels = labels;
        this.frames = frames;
        this.maxBatch = maxBatch;
    }

    /** Grey level of the test frame with this sampled index (distinct for 30 consecutive indices). */
    public static int level(long sampledIndex) {
        return 8 + 8 * (int) (sampledIndex % 30);
    }

    /** The sampled index (mod 30) a preprocessed frame was made from; inputs are scale 255, mean 0, std 1. */
    static int indexOf(float[] frame) {
        double sum = 0;
        int plane = frame.length / 3;
        for (int i = 0; i < plane; i++) {
            sum += frame[i];
        }
        double level = sum / plane * 255.0;
        return (int) Math.round((level - 8) / 8.0);
    }

    @Override
    public int maxBatchSize() {
        return maxBatch;
    }

    @Override
    public float[][] classify(ClipFrames batch) {
        batchSizes.add(batch.clipCount());
        float[][] logits = new float[batch.clipCount()][labels];
        for (int c = 0; c < batch.clipCount(); c++) {
            List<Integer> indices = new ArrayList<>();
            for (int t = 0; t < frames; t++) {
                indices.add(indexOf(batch.frame(c, t)));
            }
            clips.add(List.copyOf(indices));
            logits[c][indices.get(0) % labels] = 4f;
        }
        return logits;
    }

    /** Sampled indices (mod 30) of each classified clip, in classification order. */
    public List<List<Integer>> clips() {
        return List.copyOf(clips);
    }

    public List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }
}
