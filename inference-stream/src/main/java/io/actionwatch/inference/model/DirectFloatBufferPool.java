package io.actionwatch.inference.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reusable native-order direct buffers for model input. ONNX Runtime reads a direct buffer in place, so a pooled
 * one avoids both a per-batch allocation and a copy; concurrent callers (one per stream thread) each get their own.
 */
final class DirectFloatBufferPool {

    private final int floatsPerBuffer;
    private final BlockingQueue<FloatBuffer> free;

    DirectFloatBufferPool(int floatsPerBuffer, int maxPooled) {
        if (floatsPerBuffer < 1) {
            throw new IllegalArgumentException("floatsPerBuffer must be >= 1, was " + floatsPerBuffer);
        }
        this.floatsPerBuffer = floatsPerBuffer;
        this.free = new ArrayBlockingQueue<>(Math.max(1, maxPooled));
    }

    FloatBuffer acquire() {
        FloatBuffer buffer = free.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(Math.multiplyExact(floatsPerBuffer, Float.BYTES))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        buffer.clear();
        return buffer;
    }

    /** Returns a buffer; beyond the pool's bound it is left to the garbage collector. */
    void release(FloatBuffer buffer) {
        free.offer(buffer);
    }
}
