package io.actionwatch.inference.preprocess;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Recycles preprocessed-frame slices (C*H*W floats, ~200 KB at 128x128) between frames. Shared by every task of
 * the process; a slice goes back when its frame leaves the clip buffer, so steady state allocates none.
 */
public final class PixelSlicePool {

    private final int sliceFloats;
    private final BlockingQueue<float[]> free;

    public PixelSlicePool(int sliceFloats, int maxPooled) {
        if (sliceFloats < 1) {
            throw new IllegalArgumentException("sliceFloats must be >= 1, was " + sliceFloats);
        }
        this.sliceFloats = sliceFloats;
        this.free = new ArrayBlockingQueue<>(Math.max(1, maxPooled));
    }

    public int sliceFloats() {
        return sliceFloats;
    }

    public float[] acquire() {
        float[] slice = free.poll();
        return slice != null ? slice : new float[sliceFloats];
    }

    /** Returns a slice; beyond the pool's bound it is left to the garbage collector. Null is ignored. */
    public void release(float[] slice) {
        if (slice != null && slice.length == sliceFloats) {
            free.offer(slice);
        }
    }

    /** Slices currently waiting for reuse. */
    public int pooled() {
        return free.size();
    }
}
