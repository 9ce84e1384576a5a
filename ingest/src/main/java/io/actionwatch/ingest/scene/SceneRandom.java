package io.actionwatch.ingest.scene;

/**
 * The scene's random numbers: SplitMix64, written out here so that a seed gives the same scene on every JVM and
 * every Java version (the JDK's generators do not promise their algorithms forever).
 */
final class SceneRandom {

    /** Purposes in use are below this (1-7), so each person's purposes are apart from everyone else's. */
    private static final long PERSON_PURPOSES = 16;

    private long state;

    SceneRandom(long seed) {
        this.state = seed;
    }

    /** An independent stream for one purpose (backdrop, appearance, motion...) of one seed. */
    static SceneRandom stream(long seed, long purpose) {
        return new SceneRandom(mix(seed ^ mix(purpose + 0x632BE59BD9B4E019L)));
    }

    /**
     * Person {@code person}'s stream for one purpose. Person 0 has the one-person scene's streams, so that a scene of
     * one person renders exactly as it did before scenes had several; the others get streams of their own.
     */
    static SceneRandom stream(long seed, long purpose, int person) {
        return stream(seed, purpose + PERSON_PURPOSES * person);
    }

    /** A well-mixed 64-bit hash of a value (SplitMix64's finaliser). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [min, max). */
    double range(double min, double max) {
        return min + (max - min) * nextDouble();
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Uniform in [min, max] (both inclusive). */
    int rangeInclusive(int min, int max) {
        return min + nextInt(max - min + 1);
    }

    boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /** -1 or +1 with equal probability. */
    int sign() {
        return chance(0.5) ? 1 : -1;
    }
}
