package io.actionwatch.inference.preprocess;

/**
 * Precomputed sampling positions of bilinear resampling along one axis with half-pixel centres, exactly as
 * PyTorch's {@code F.interpolate(mode="bilinear", align_corners=False, antialias=False)}: source coordinate
 * {@code (dst + 0.5) * in/out - 0.5}, clamped at 0, neighbours {@code floor} and {@code floor + 1} (clamped to the
 * last index), weights the fractional distance. Computed once per source size instead of per pixel.
 */
final class ResizeAxis {

    private final int[] lower;
    private final int[] upper;
    private final float[] upperWeight;

    ResizeAxis(int inSize, int outSize) {
        if (inSize < 1 || outSize < 1) {
            throw new IllegalArgumentException("sizes must be >= 1, were " + inSize + " -> " + outSize);
        }
        lower = new int[outSize];
        upper = new int[outSize];
        upperWeight = new float[outSize];
        // Float arithmetic on purpose: it is what PyTorch uses for float32 tensors.
        float scale = (float) inSize / (float) outSize;
        for (int d = 0; d < outSize; d++) {
            float src = scale * (d + 0.5f) - 0.5f;
            if (src < 0f) {
                src = 0f;
            }
            int i0 = (int) src;
            if (i0 > inSize - 1) {
                i0 = inSize - 1;
            }
            lower[d] = i0;
            upper[d] = i0 < inSize - 1 ? i0 + 1 : i0;
            upperWeight[d] = src - i0;
        }
    }

    int size() {
        return lower.length;
    }

    int lower(int d) {
        return lower[d];
    }

    int upper(int d) {
        return upper[d];
    }

    float upperWeight(int d) {
        return upperWeight[d];
    }
}
