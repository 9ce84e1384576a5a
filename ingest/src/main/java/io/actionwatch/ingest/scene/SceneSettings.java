package io.actionwatch.ingest.scene;

/**
 * Settings of a synthetic scene.
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps frames per second of the camera (motion speeds are in real time)
 * @param seed the scene is a pure function of this seed
 * @param sensorNoise whether to add per-pixel camera noise (off for exact image comparisons)
 */
public record SceneSettings(int width, int height, double fps, long seed, boolean sensorNoise) {

    public static final int DEFAULT_WIDTH = 320;
    public static final int DEFAULT_HEIGHT = 240;
    public static final double DEFAULT_FPS = 15;

    public SceneSettings {
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("frame size must be at least 16x16, got " + width + "x" + height);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be positive, got " + fps);
        }
    }

    public static SceneSettings defaults(long seed) {
        return new SceneSettings(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_FPS, seed, true);
    }
}
