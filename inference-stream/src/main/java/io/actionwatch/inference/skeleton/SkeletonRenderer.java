package io.actionwatch.inference.skeleton;

import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;
import java.util.Arrays;
import java.util.List;

/**
 * Draws one tracked person's keypoints over a clip as the adapter model's input picture clip: float
 * {@code [T, 3, S, S]} on the model's 0..255 scale (the model card's mean/std still applies), plus the crop used.
 *
 * <p>This is the serving half of specification {@value #SPEC}; the training half, and the specification's full
 * text, is {@code model/actionwatch_model/skeleton.py}. Both must reproduce the parity fixture
 * {@code model/tests/data/skeleton-render-parity.json}. In short: one square crop per clip in frame pixels around
 * all the clip's confident keypoints (so a walk's translation stays in the picture), side = longest box side x
 * margin; each COCO limb with both keypoints confident is a line with a cut, shifted Gaussian profile, weighted by
 * the lower of its two scores, maximum over limbs, in R (left arms and legs), G (right) or B (torso and head). All
 * arithmetic is in double on the float keypoints, in the order the specification writes it; only the result is
 * rounded to float.
 *
 * <p>Stateless after construction, so one instance may serve many threads.
 */
public final class SkeletonRenderer {

    public static final String SPEC = "actionwatch-skeleton-render/1";

    /** Crop side / person box side: room for limbs that swing out of the clip's box. */
    public static final double DEFAULT_MARGIN = 1.25;
    /** MoveNet's usual cut between a found and a guessed keypoint. */
    public static final double DEFAULT_SCORE_THRESHOLD = 0.3;
    /** Default line sigma as a fraction of the output size: the same picture at any size. */
    public static final double LINE_SIGMA_PER_SIZE = 1.0 / 64.0;
    /** The line profile reaches 0 at this many sigmas. */
    static final double PROFILE_CUTOFF_SIGMAS = 3.0;
    /** Smallest crop side, of the frame's shorter side: a lone keypoint has no box. */
    static final double MIN_CROP_FRACTION = 1.0 / 16.0;
    /** The model's input scale before mean/std. */
    static final double PIXEL_SCALE = 255.0;
    static final int CHANNELS = 3;

    /**
     * The output size S and the specification's knobs.
     *
     * @param lineSigma the line profile's sigma in output pixels
     */
    public record Settings(int size, double margin, double scoreThreshold, double lineSigma) {

        public Settings {
            if (size < 1) {
                throw new IllegalArgumentException("size must be >= 1, got " + size);
            }
            if (!(margin > 0) || !(lineSigma > 0)) {
                throw new IllegalArgumentException("margin and lineSigma must be positive, got " + margin + ", "
                        + lineSigma);
            }
        }

        /** The defaults at output size {@code size}. */
        public static Settings forSize(int size) {
            return new Settings(size, DEFAULT_MARGIN, DEFAULT_SCORE_THRESHOLD, size * LINE_SIGMA_PER_SIZE);
        }
    }

    /** A box normalised to the frame, as the pose estimator reports them. */
    public record Box(float yMin, float xMin, float yMax, float xMax) {

        /** The fallback when a caller has no box. */
        public static final Box FULL_FRAME = new Box(0f, 0f, 1f, 1f);

        /** The smallest box holding all the detections' boxes. */
        public static Box union(List<PersonDetection> detections) {
            float yMin = Float.POSITIVE_INFINITY;
            float xMin = Float.POSITIVE_INFINITY;
            float yMax = Float.NEGATIVE_INFINITY;
            float xMax = Float.NEGATIVE_INFINITY;
            for (PersonDetection d : detections) {
                yMin = Math.min(yMin, d.yMin());
                xMin = Math.min(xMin, d.xMin());
                yMax = Math.max(yMax, d.yMax());
                xMax = Math.max(xMax, d.xMax());
            }
            return detections.isEmpty() ? FULL_FRAME : new Box(yMin, xMin, yMax, xMax);
        }
    }

    /** The clip's square crop in frame pixels. */
    public record Crop(double left, double top, double side) {
    }

    /** A rendered clip: {@code pixels} is {@code [T, 3, S, S]} row-major. */
    public record SkeletonClip(float[] pixels, int frames, int size, Crop crop) {
    }

    private static final int STRIDE = PersonDetection.STRIDE;
    private static final int PER_FRAME = CocoKeypoints.COUNT * STRIDE;

    private final Settings settings;
    private final int size;
    private final double twoSigma2;
    private final double reach;
    private final double reach2;
    private final double floor;

    public SkeletonRenderer(Settings settings) {
        this.settings = settings;
        this.size = settings.size();
        double sigma = settings.lineSigma();
        this.twoSigma2 = 2.0 * sigma * sigma;
        this.reach = PROFILE_CUTOFF_SIGMAS * sigma;
        this.reach2 = reach * reach;
        this.floor = Math.exp(-reach2 / twoSigma2);
    }

    public Settings settings() {
        return settings;
    }

    /** Floats one rendered clip of {@code frames} frames occupies. */
    public int clipLength(int frames) {
        return frames * CHANNELS * size * size;
    }

    /**
     * Renders a tracked person's detections, one per frame; the crop falls back to the union of their boxes when no
     * keypoint is confident.
     */
    public SkeletonClip render(List<PersonDetection> clip, int width, int height) {
        float[] keypoints = new float[clip.size() * PER_FRAME];
        for (int t = 0; t < clip.size(); t++) {
            System.arraycopy(clip.get(t).keypoints(), 0, keypoints, t * PER_FRAME, PER_FRAME);
        }
        float[] pixels = new float[clipLength(clip.size())];
        Crop crop = render(keypoints, clip.size(), width, height, Box.union(clip), pixels, 0);
        return new SkeletonClip(pixels, clip.size(), size, crop);
    }

    /**
     * Renders {@code frames} frames of keypoints ({@code (y, x, score)} per COCO keypoint, normalised to a
     * {@code width x height} frame, {@link PersonDetection}'s layout) into {@code out} from {@code offset}
     * ({@link #clipLength} floats, overwritten).
     */
    public Crop render(float[] keypoints, int frames, int width, int height, Box fallback, float[] out, int offset) {
        if (keypoints.length < frames * PER_FRAME) {
            throw new IllegalArgumentException("need " + frames * PER_FRAME + " keypoint values, got "
                    + keypoints.length);
        }
        if (offset < 0 || out.length - offset < clipLength(frames)) {
            throw new IllegalArgumentException("output needs " + clipLength(frames) + " floats from " + offset);
        }
        Crop crop = crop(keypoints, frames, width, height, fallback);
        Arrays.fill(out, offset, offset + clipLength(frames), 0f);
        double scale = size / crop.side();
        int plane = size * size;
        for (int t = 0; t < frames; t++) {
            int base = t * PER_FRAME;
            int frameOffset = offset + t * CHANNELS * plane;
            for (CocoKeypoints.Limb limb : CocoKeypoints.LIMBS) {
                int a = base + limb.from() * STRIDE;
                int b = base + limb.to() * STRIDE;
                if (!confident(keypoints, a) || !confident(keypoints, b)) {
                    continue;
                }
                double ax = ((double) keypoints[a + 1] * width - crop.left()) * scale;
                double ay = ((double) keypoints[a] * height - crop.top()) * scale;
                double bx = ((double) keypoints[b + 1] * width - crop.left()) * scale;
                double by = ((double) keypoints[b] * height - crop.top()) * scale;
                double weight = Math.min(Math.min((double) keypoints[a + 2], (double) keypoints[b + 2]), 1.0);
                line(ax, ay, bx, by, weight * PIXEL_SCALE, out, frameOffset + channel(limb.side()) * plane);
            }
        }
        return crop;
    }

    /** The clip's one square crop (the specification's rule 2). */
    public Crop crop(float[] keypoints, int frames, int width, int height, Box fallback) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < frames * PER_FRAME; k += STRIDE) {
            if (confident(keypoints, k)) {
                double x = (double) keypoints[k + 1] * width;
                double y = (double) keypoints[k] * height;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        if (x0 > x1) {
            x0 = (double) fallback.xMin() * width;
            x1 = (double) fallback.xMax() * width;
            y0 = (double) fallback.yMin() * height;
            y1 = (double) fallback.yMax() * height;
        }
        double side = Math.max(x1 - x0, y1 - y0) * settings.margin();
        side = Math.max(side, MIN_CROP_FRACTION * Math.min(width, height));
        double cx = (x0 + x1) * 0.5;
        double cy = (y0 + y1) * 0.5;
        return new Crop(cx - side * 0.5, cy - side * 0.5, side);
    }

    /** The specification's rule 1. */
    private boolean confident(float[] keypoints, int k) {
        float score = keypoints[k + 2];
        return Float.isFinite(keypoints[k]) && Float.isFinite(keypoints[k + 1]) && Float.isFinite(score)
                && (double) score >= settings.scoreThreshold();
    }

    /** Red for the left arm and leg, green for the right, blue for the torso and head. */
    private static int channel(CocoKeypoints.Side side) {
        return switch (side) {
            case LEFT -> 0;
            case RIGHT -> 1;
            case AXIAL -> 2;
        };
    }

    /** Rule 5 for one limb, maxed into one channel plane; only pixels within reach of the limb can be non-zero. */
    private void line(double ax, double ay, double bx, double by, double peak, float[] out, int planeOffset) {
        int j0 = Math.max(0, (int) Math.ceil(Math.min(ax, bx) - reach - 0.5));
        int j1 = Math.min(size - 1, (int) Math.floor(Math.max(ax, bx) + reach - 0.5));
        int i0 = Math.max(0, (int) Math.ceil(Math.min(ay, by) - reach - 0.5));
        int i1 = Math.min(size - 1, (int) Math.floor(Math.max(ay, by) + reach - 0.5));
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        for (int i = i0; i <= i1; i++) {
            double py = i + 0.5;
            int row = planeOffset + i * size;
            for (int j = j0; j <= j1; j++) {
                double px = j + 0.5;
                double t = 0.0;
                if (len2 > 0) {
                    t = Math.min(Math.max(((px - ax) * dx + (py - ay) * dy) / len2, 0.0), 1.0);
                }
                double ex = px - (ax + t * dx);
                double ey = py - (ay + t * dy);
                double d2 = ex * ex + ey * ey;
                if (d2 < reach2) {
                    float value = (float) (peak * ((Math.exp(-d2 / twoSigma2) - floor) / (1.0 - floor)));
                    if (value > out[row + j]) {
                        out[row + j] = value;
                    }
                }
            }
        }
    }
}
