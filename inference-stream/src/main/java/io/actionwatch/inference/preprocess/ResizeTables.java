package io.actionwatch.inference.preprocess;

import java.util.HashMap;
import java.util.Map;

/**
 * The bilinear {@link ResizeAxis} pair from each source size to one fixed output size, computed once per source size.
 * Shared by every resizer of the pipeline so that the classifier's input and the pose model's input are sampled by
 * the same rule. Not thread-safe: one instance per resizer, and resizers are per thread.
 */
final class ResizeTables {

    private final int outWidth;
    private final int outHeight;
    private final Map<Long, ResizeAxis[]> axesBySourceSize = new HashMap<>();
    private int lastWidth = -1;
    private int lastHeight = -1;
    private ResizeAxis[] lastAxes;

    ResizeTables(int outWidth, int outHeight) {
        this.outWidth = outWidth;
        this.outHeight = outHeight;
    }

    int outWidth() {
        return outWidth;
    }

    int outHeight() {
        return outHeight;
    }

    /** {@code [x axis, y axis]} from a {@code width x height} source. */
    ResizeAxis[] axesFor(int width, int height) {
        // The last size answers without a map lookup: a camera's frames all have one size, and the lookup would
        // box the key and allocate the lambda on every frame.
        if (width == lastWidth && height == lastHeight) {
            return lastAxes;
        }
        long key = ((long) width << 32) | height;
        ResizeAxis[] axes = axesBySourceSize.computeIfAbsent(key,
                k -> new ResizeAxis[]{new ResizeAxis(width, outWidth), new ResizeAxis(height, outHeight)});
        lastWidth = width;
        lastHeight = height;
        lastAxes = axes;
        return axes;
    }
}
