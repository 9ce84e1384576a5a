package io.actionwatch.ingest.scene;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A random static background: a wall (gradient plus one of several textures), a floor with a pattern, a skirting
 * line, a few objects and a light fall-off. Painted once per scene; frames copy it before drawing the figure.
 */
final class Backdrop {

    private Backdrop() {
    }

    static void paint(BufferedImage image, SceneRandom random, Appearance appearance) {
        int w = image.getWidth();
        int h = image.getHeight();
        int horizon = appearance.horizonY;
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Color wallTop = randomColor(random, appearance.brightWall);
            Color wallBottom = near(wallTop, random, 40);
            g.setPaint(new GradientPaint(0, 0, wallTop, 0, horizon, wallBottom));
            g.fillRect(0, 0, w, horizon);
            wallTexture(g, random, w, horizon, wallTop);

            Color floorFar = randomColor(random, random.chance(0.5));
            Color floorNear = near(floorFar, random, 50);
            g.setPaint(new GradientPaint(0, horizon, floorFar, 0, h, floorNear));
            g.fillRect(0, horizon, w, h - horizon);
            floorPattern(g, random, w, h, horizon, floorFar);

            g.setColor(Appearance.shade(wallBottom, random.range(0.3, 0.7)));
            g.setStroke(new BasicStroke((float) random.range(1, 4)));
            g.drawLine(0, horizon, w, horizon);

            int objects = random.nextInt(4);
            for (int i = 0; i < objects; i++) {
                clutter(g, random, w, h, horizon);
            }
            lightFalloff(g, random, w, h);
        } finally {
            g.dispose();
        }
    }

    private static void wallTexture(Graphics2D g, SceneRandom random, int w, int horizon, Color base) {
        switch (random.nextInt(4)) {
            case 0: { // bricks or tiles
                int rowHeight = random.rangeInclusive(8, 22);
                int brickWidth = (int) (rowHeight * random.range(1.5, 3.2));
                g.setStroke(new BasicStroke(1f));
                Color mortar = Appearance.shade(base, random.range(0.6, 0.9));
                for (int y = 0, row = 0; y < horizon; y += rowHeight, row++) {
                    int offset = (row % 2) * brickWidth / 2;
                    for (int x = -offset; x < w; x += brickWidth) {
                        g.setColor(near(base, random, 18));
                        g.fillRect(x, y, brickWidth, Math.min(rowHeight, horizon - y));
                        g.setColor(mortar);
                        g.drawRect(x, y, brickWidth, Math.min(rowHeight, horizon - y));
                    }
                }
                break;
            }
            case 1: { // vertical panels
                for (int x = 0; x < w; ) {
                    int width = random.rangeInclusive(10, 60);
                    g.setColor(near(base, random, 30));
                    g.fillRect(x, 0, width, horizon);
                    x += width;
                }
                break;
            }
            case 2: { // blotches
                int count = random.rangeInclusive(25, 60);
                for (int i = 0; i < count; i++) {
                    Color c = near(base, random, 60);
                    g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), random.rangeInclusive(40, 110)));
                    int rw = random.rangeInclusive(6, w / 4);
                    int rh = random.rangeInclusive(6, Math.max(7, horizon / 3));
                    g.fillOval(random.nextInt(w) - rw / 2, random.nextInt(Math.max(1, horizon)) - rh / 2, rw, rh);
                }
                break;
            }
            default: { // windows and doors
                int count = random.rangeInclusive(1, 4);
                for (int i = 0; i < count; i++) {
                    int ww = random.rangeInclusive(w / 12, w / 4);
                    int wh = random.rangeInclusive(horizon / 5, Math.max(horizon / 5 + 1, horizon * 4 / 5));
                    int x = random.nextInt(w);
                    int y = random.nextInt(Math.max(1, horizon - wh / 2));
                    g.setColor(randomColor(random, random.chance(0.5)));
                    g.fillRect(x, y, ww, wh);
                    g.setColor(Appearance.shade(base, 0.5));
                    g.setStroke(new BasicStroke((float) random.range(1, 3.5)));
                    g.drawRect(x, y, ww, wh);
                    if (random.chance(0.6)) {
                        g.drawLine(x + ww / 2, y, x + ww / 2, y + wh);
                        g.drawLine(x, y + wh / 2, x + ww, y + wh / 2);
                    }
                }
                break;
            }
        }
    }

    private static void floorPattern(Graphics2D g, SceneRandom random, int w, int h, int horizon, Color base) {
        g.setColor(Appearance.shade(base, random.range(0.55, 0.9)));
        g.setStroke(new BasicStroke((float) random.range(0.8, 2)));
        switch (random.nextInt(3)) {
            case 0: { // planks: lines denser towards the horizon
                double gap = random.range(2, 5);
                for (double y = horizon + gap; y < h; gap *= 1.35, y += gap) {
                    g.drawLine(0, (int) y, w, (int) y);
                }
                break;
            }
            case 1: { // tiles in perspective
                double vanishX = random.range(0.2, 0.8) * w;
                double vanishY = horizon - random.range(0.3, 1.0) * h;
                int lines = random.rangeInclusive(6, 16);
                for (int i = -lines; i <= 2 * lines; i++) {
                    double x = i * (double) w / lines;
                    double t = (horizon - vanishY) / (h - vanishY);
                    int xTop = (int) Math.round(vanishX + (x - vanishX) * t);
                    g.drawLine(xTop, horizon, (int) Math.round(x), h);
                }
                double gap = random.range(3, 7);
                for (double y = horizon + gap; y < h; gap *= 1.3, y += gap) {
                    g.drawLine(0, (int) y, w, (int) y);
                }
                break;
            }
            default: { // speckles
                int count = random.rangeInclusive(100, 400);
                for (int i = 0; i < count; i++) {
                    g.setColor(near(base, random, 50));
                    int s = random.rangeInclusive(1, 3);
                    g.fillRect(random.nextInt(w), horizon + random.nextInt(Math.max(1, h - horizon)), s, s);
                }
                break;
            }
        }
    }

    private static void clutter(Graphics2D g, SceneRandom random, int w, int h, int horizon) {
        Color c = randomColor(random, random.chance(0.5));
        g.setColor(c);
        if (random.chance(0.3)) { // pillar
            int pw = random.rangeInclusive(w / 30, w / 10);
            g.fillRect(random.nextInt(w), 0, pw, horizon + random.rangeInclusive(2, Math.max(3, (h - horizon) / 3)));
        } else { // box standing on the floor
            int bw = random.rangeInclusive(w / 20, w / 6);
            int bh = random.rangeInclusive(h / 14, h / 4);
            int bottom = horizon + random.rangeInclusive(2, Math.max(3, (h - horizon) / 2));
            int x = random.nextInt(w);
            g.fillRect(x, bottom - bh, bw, bh);
            g.setColor(Appearance.shade(c, 0.6));
            g.setStroke(new BasicStroke(1f));
            g.drawRect(x, bottom - bh, bw, bh);
        }
    }

    private static void lightFalloff(Graphics2D g, SceneRandom random, int w, int h) {
        float strength = (float) random.range(0, 0.35);
        Color shadow = new Color(0, 0, 0, 0);
        Color dark = Color.BLACK;
        boolean fromLeft = random.chance(0.5);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, strength));
        g.setPaint(fromLeft ? new GradientPaint(0, 0, shadow, w, 0, dark) : new GradientPaint(0, 0, dark, w, 0, shadow));
        g.fillRect(0, 0, w, h);
        g.setComposite(AlphaComposite.SrcOver);
    }

    private static Color randomColor(SceneRandom random, boolean bright) {
        return Color.getHSBColor((float) random.nextDouble(), (float) random.range(0.05, 0.6),
                (float) (bright ? random.range(0.6, 0.95) : random.range(0.2, 0.55)));
    }

    private static Color near(Color c, SceneRandom random, int amount) {
        return new Color(Appearance.clamp(c.getRed() + random.rangeInclusive(-amount, amount)),
                Appearance.clamp(c.getGreen() + random.rangeInclusive(-amount, amount)),
                Appearance.clamp(c.getBlue() + random.rangeInclusive(-amount, amount)));
    }
}
