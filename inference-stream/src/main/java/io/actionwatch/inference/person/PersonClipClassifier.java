package io.actionwatch.inference.person;

import io.actionwatch.inference.model.ClipClassifier;
import io.actionwatch.inference.model.ClipFrames;
import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.skeleton.SkeletonRenderer;

import java.util.List;

/**
 * Person clips to logits: each clip's skeletons drawn by the {@link SkeletonRenderer} with the card's settings,
 * normalised by the card's mean and std like any frame, and classified in batches no larger than the model takes.
 * One instance per thread (the renderer is not shared); the classifier is the process's shared one.
 */
public final class PersonClipClassifier {

    private final ClipClassifier classifier;
    private final SkeletonRenderer renderer;
    private final int frames;
    private final int plane;
    private final float[] gain = new float[3];
    private final float[] bias = new float[3];

    public PersonClipClassifier(ModelCard card, ClipClassifier classifier) {
        if (!card.perPerson()) {
            throw new IllegalArgumentException("model " + card.name() + " does not classify people (no person mode)");
        }
        ModelCard.Skeleton sk = card.mode().skeleton();
        int size = card.input().height();
        this.classifier = classifier;
        this.renderer = new SkeletonRenderer(new SkeletonRenderer.Settings(size, sk.margin(), sk.scoreThreshold(),
                sk.lineSigma()));
        this.frames = card.input().frames();
        this.plane = size * size;
        ModelCard.Preprocessing p = card.preprocessing();
        for (int c = 0; c < 3; c++) {
            gain[c] = (float) (1.0 / (p.scale() * p.std()[c]));
            bias[c] = (float) (-p.mean()[c] / p.std()[c]);
        }
    }

    /**
     * @param width  the camera frame's width in pixels (keypoints are normalised to it)
     * @param height the camera frame's height in pixels
     * @return logits, one row per clip in input order
     */
    public float[][] classify(List<PersonClip> clips, int width, int height) {
        float[][] logits = new float[clips.size()][];
        int max = Math.max(1, classifier.maxBatchSize());
        for (int from = 0; from < clips.size(); from += max) {
            List<PersonClip> batch = clips.subList(from, Math.min(clips.size(), from + max));
            float[][][] rendered = new float[batch.size()][][];
            for (int c = 0; c < batch.size(); c++) {
                rendered[c] = framesOf(batch.get(c), width, height);
            }
            float[][] out = classifier.classify(new ClipFrames() {
                @Override
                public int clipCount() {
                    return rendered.length;
                }

                @Override
                public float[] frame(int clip, int t) {
                    return rendered[clip][t];
                }
            });
            System.arraycopy(out, 0, logits, from, out.length);
        }
        return logits;
    }

    /** The clip drawn and normalised, one C*H*W slice per frame. */
    float[][] framesOf(PersonClip clip, int width, int height) {
        if (clip.frames().size() != frames) {
            throw new IllegalArgumentException("a person clip of " + clip.frames().size() + " frames for a model of "
                    + frames);
        }
        float[] pixels = renderer.render(clip.frames(), width, height).pixels();
        float[][] slices = new float[frames][3 * plane];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < 3; c++) {
                int base = (t * 3 + c) * plane;
                float g = gain[c];
                float b = bias[c];
                float[] slice = slices[t];
                for (int i = 0; i < plane; i++) {
                    slice[c * plane + i] = pixels[base + i] * g + b;
                }
            }
        }
        return slices;
    }
}
