package io.actionwatch.ingest.scene;

/**
 * Per-pixel, per-channel camera noise with a triangular distribution (sum of two uniform bytes), looked up in a
 * table so a 320x240 frame costs well under a millisecond. Seeded per frame, so a frame's noise does not depend on
 * which other frames were rendered.
 */
final class SensorNoise {

    /** Standard deviation of the sum of two independent uniform bytes. */
    private static final double SUM_SIGMA = Math.sqrt(2 * (256.0 * 256.0 - 1) / 12.0);

    private final int[] offsets = new int[511];
    private final boolean enabled;

    SensorNoise(double sigma) {
        enabled = sigma > 0;
        for (int s = 0; s < offsets.length; s++) {
            offsets[s] = (int) Math.round((s - 255) * sigma / SUM_SIGMA);
        }
    }

    void apply(byte[] pixels, long frameSeed) {
        if (!enabled) {
            return;
        }
        SceneRandom random = new SceneRandom(frameSeed);
        int i = 0;
        int n = pixels.length;
        while (i < n) {
            long bits = random.nextLong();
            for (int j = 0; j < 4 && i < n; j++, i++) {
                int sum = (int) (bits & 0xFF) + (int) ((bits >>> 8) & 0xFF);
                bits >>>= 16;
                int v = (pixels[i] & 0xFF) + offsets[sum];
                pixels[i] = (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
            }
        }
    }
}
