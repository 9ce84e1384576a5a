package io.actionwatch.ingest.scene;

/**
 * Settings of a synthetic scene.
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps frames per second of the camera (motion speeds are in real time)
 * @param seed the scene is a pure function of this seed
 * @param sensorNoise whether to add per-pixel camera noise (off for exact image comparisons)
 * @param people how many people are in the room, 1 to {@link #MAX_PEOPLE}; one person renders exactly the scene
 *     this project always rendered for the seed
 */
public record SceneSettings(int width, int height, double fps, long seed, boolean sensorNoise, int people) {

    public static final int DEFAULT_WIDTH = 320;
    public static final int DEFAULT_HEIGHT = 240;
    public static final double DEFAULT_FPS = 15;
    /** More would leave too little floor per person at 320x240 for anyone to walk or fall without crowding. */
    public static final int MAX_PEOPLE = 4;

    public SceneSettings {
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("frame size must be at least 16x16, got " + width + "x" + height);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be positive, got " + fps);
        }
        if (people < 1 || people > MAX_PEOPLE) {
            throw new IllegalArgumentException("people must be between 1 and " + MAX_PEOPLE + ", got " + people);
        }
    }

    /** One person. */
    public SceneSettings(int width, int height, double fps, long seed, boolean sensorNoise) {
        this(width, height, fps, seed, sensorNoise, 1);
    }

    public static SceneSettings defaults(long seed) {
        return new SceneSettings(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_FPS, seed, true);
    }

    public SceneSettings withPeople(int count) {
        return new SceneSettings(width, height, fps, seed, sensorNoise, count);
    }
}
