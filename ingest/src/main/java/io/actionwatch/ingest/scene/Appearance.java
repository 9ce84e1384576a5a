package io.actionwatch.ingest.scene;

import java.awt.BasicStroke;
import java.awt.Color;

/**
 * How one person looks and where the camera sees them: size, where the floor is, colours, build and the camera's
 * noise level. Colours are chosen to stand out from the backdrop's brightness most of the time, as a surveillance
 * camera's subject usually does, without making it a rule a model could lean on.
 */
final class Appearance {

    private static final Color[] SKIN = {
        new Color(255, 219, 172), new Color(241, 194, 125), new Color(224, 172, 105),
        new Color(198, 134, 66), new Color(141, 85, 36), new Color(92, 56, 30)};
    private static final Color[] HAIR = {
        new Color(20, 16, 14), new Color(60, 40, 25), new Color(110, 75, 40),
        new Color(200, 170, 110), new Color(150, 150, 150), new Color(120, 40, 20)};

    /** Standing height in pixels. */
    final double heightPx;
    /** Image row of the figure's floor contact. */
    final double feetY;
    /** Image row where wall meets floor. */
    final int horizonY;
    final Color skin;
    final Color hair;
    final Color shirt;
    final Color shirtBack;
    final Color trousers;
    final Color trousersBack;
    final Color shoes;
    final BasicStroke torsoStroke;
    final BasicStroke legStroke;
    final BasicStroke armStroke;
    final BasicStroke neckStroke;
    final BasicStroke footStroke;
    /** Standard deviation of the per-pixel sensor noise, in 8-bit levels (0 when noise is off). */
    final double noiseSigma;

    Appearance(SceneRandom random, int width, int height, boolean sensorNoise) {
        this(random, height, sensorNoise, null);
    }

    /**
     * Another person in the room of {@code room} (the person the backdrop was painted for): the same floor line, wall
     * and camera noise; their own size, place on the floor, colours and build.
     */
    Appearance(SceneRandom random, int height, Appearance room) {
        this(random, height, false, room);
    }

    private Appearance(SceneRandom random, int height, boolean sensorNoise, Appearance room) {
        horizonY = room != null ? room.horizonY : (int) Math.round(random.range(0.42, 0.72) * height);
        double figure = random.range(0.3, 0.6) * height;
        double lowest = Math.max(horizonY + 0.03 * height, 1.4 * figure);
        double highest = 0.97 * height;
        double feet = lowest <= highest ? random.range(lowest, highest) : highest;
        heightPx = Math.min(figure, feet / 1.4);
        feetY = feet;

        boolean brightWall = room != null ? room.brightWall : random.chance(0.5);
        skin = jitter(SKIN[random.nextInt(SKIN.length)], random, 12);
        hair = jitter(HAIR[random.nextInt(HAIR.length)], random, 10);
        shirt = Color.getHSBColor((float) random.nextDouble(), (float) random.range(0.3, 0.95),
                (float) (brightWall ? random.range(0.15, 0.5) : random.range(0.55, 0.95)));
        trousers = Color.getHSBColor((float) random.nextDouble(), (float) random.range(0.1, 0.7),
                (float) random.range(0.12, 0.6));
        shoes = Color.getHSBColor((float) random.nextDouble(), (float) random.range(0, 0.4),
                (float) random.range(0.05, 0.35));
        shirtBack = shade(shirt, 0.75);
        trousersBack = shade(trousers, 0.75);
        double build = random.range(0.85, 1.2);
        torsoStroke = stroke(0.12 * heightPx * build);
        legStroke = stroke(0.065 * heightPx * build);
        armStroke = stroke(0.05 * heightPx * build);
        neckStroke = stroke(0.045 * heightPx * build);
        footStroke = stroke(0.035 * heightPx * build);
        double sigma = random.range(1.5, 7.0);
        noiseSigma = room != null ? room.noiseSigma : (sensorNoise ? sigma : 0);
        this.brightWall = brightWall;
    }

    /** Whether the backdrop for this person should be the brighter kind (the figure is then darker). */
    final boolean brightWall;

    private static BasicStroke stroke(double width) {
        return new BasicStroke((float) Math.max(1.0, width), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    private static Color jitter(Color c, SceneRandom random, int amount) {
        return new Color(clamp(c.getRed() + random.rangeInclusive(-amount, amount)),
                clamp(c.getGreen() + random.rangeInclusive(-amount, amount)),
                clamp(c.getBlue() + random.rangeInclusive(-amount, amount)));
    }

    static Color shade(Color c, double factor) {
        return new Color(clamp((int) Math.round(c.getRed() * factor)), clamp((int) Math.round(c.getGreen() * factor)),
                clamp((int) Math.round(c.getBlue() * factor)));
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
