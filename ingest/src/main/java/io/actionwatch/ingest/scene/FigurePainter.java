package io.actionwatch.ingest.scene;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;

/**
 * Draws the solved {@link Skeleton} with Java2D: a floor shadow, far limbs (shaded) behind the torso, near limbs in
 * front, the head with hair on its back half. Shapes are reused; nothing is allocated per frame.
 */
final class FigurePainter {

    private static final Color SHADOW = new Color(0, 0, 0, 70);

    private final Line2D.Double line = new Line2D.Double();
    private final Ellipse2D.Double ellipse = new Ellipse2D.Double();
    private final double[] px = new double[Skeleton.JOINTS];
    private final double[] py = new double[Skeleton.JOINTS];
    /** Head radius in pixels, and unit image vectors from the neck to the head (up) and towards the face. */
    double headRadius;
    double upX;
    double upY;
    double faceX;
    double faceY;

    /**
     * Places the solved skeleton in the image: the one mapping from body coordinates to image pixels, used by
     * {@link #paint} and by {@link SceneKeypoints} (so the keypoints lie on the painted figure by construction).
     *
     * @param anchorX image column of the figure's hip when the pose's horizontal offset is zero
     * @param facing +1 facing right, -1 facing left
     */
    void place(Skeleton s, Appearance a, double anchorX, int facing) {
        double h = a.heightPx;
        for (int j = 0; j < Skeleton.JOINTS; j++) {
            px[j] = anchorX + facing * (s.x[j] + s.dx) * h;
            py[j] = a.feetY - (s.y[j] - s.floor + s.lift) * h;
        }
        headRadius = Skeleton.HEAD_RADIUS * h;
        double headX = px[Skeleton.HEAD] - px[Skeleton.NECK_BASE];
        double headY = py[Skeleton.HEAD] - py[Skeleton.NECK_BASE];
        double norm = Math.max(1e-9, Math.hypot(headX, headY));
        upX = headX / norm;
        upY = headY / norm;
        faceX = facing * (-headY / norm);
        faceY = facing * (headX / norm);
    }

    /** Image x of joint {@code j} as last {@link #place placed}. */
    double x(int j) {
        return px[j];
    }

    /** Image y of joint {@code j} as last {@link #place placed}. */
    double y(int j) {
        return py[j];
    }

    /** Paints the figure as last {@link #place placed}. */
    void paint(Graphics2D g, Skeleton s, Appearance a) {
        double h = a.heightPx;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        for (int j = 0; j < Skeleton.JOINTS; j++) {
            minX = Math.min(minX, px[j]);
            maxX = Math.max(maxX, px[j]);
        }
        // The shadow fades and shrinks as the figure leaves the floor.
        double airborne = Math.min(1.0, s.lift / 0.4);
        double shadowWidth = (maxX - minX + 0.15 * h) * (1 - 0.4 * airborne);
        double shadowHeight = 0.05 * h * (1 - 0.4 * airborne);
        g.setColor(SHADOW);
        ellipse.setFrame((minX + maxX - shadowWidth) / 2, a.feetY - shadowHeight / 2, shadowWidth, shadowHeight);
        g.fill(ellipse);

        arm(g, a.armStroke, a.shirtBack, a, Skeleton.ELBOW_BACK);
        leg(g, a, a.trousersBack, Skeleton.KNEE_BACK);
        segment(g, a.torsoStroke, a.shirt, Skeleton.HIP, Skeleton.SHOULDER);
        segment(g, a.neckStroke, a.skin, Skeleton.NECK_BASE, Skeleton.HEAD);
        head(g, a);
        leg(g, a, a.trousers, Skeleton.KNEE_FRONT);
        arm(g, a.armStroke, a.shirt, a, Skeleton.ELBOW_FRONT);
    }

    private void leg(Graphics2D g, Appearance a, Color trousers, int knee) {
        segment(g, a.legStroke, trousers, Skeleton.HIP, knee);
        segment(g, a.legStroke, trousers, knee, knee + 1);
        segment(g, a.footStroke, a.shoes, knee + 1, knee + 2);
    }

    private void arm(Graphics2D g, BasicStroke stroke, Color sleeve, Appearance a, int elbow) {
        segment(g, stroke, sleeve, Skeleton.SHOULDER, elbow);
        segment(g, stroke, sleeve, elbow, elbow + 1);
        double r = stroke.getLineWidth() * 0.6;
        g.setColor(a.skin);
        ellipse.setFrame(px[elbow + 1] - r, py[elbow + 1] - r, 2 * r, 2 * r);
        g.fill(ellipse);
    }

    private void head(Graphics2D g, Appearance a) {
        double r = headRadius;
        double cx = px[Skeleton.HEAD];
        double cy = py[Skeleton.HEAD];
        g.setColor(a.skin);
        ellipse.setFrame(cx - r, cy - r, 2 * r, 2 * r);
        g.fill(ellipse);
        // Hair covers the crown and the back of the head: it shows which way the figure faces.
        double backX = -faceX * 0.35 * r;
        double backY = -faceY * 0.35 * r;
        double hairR = 0.82 * r;
        g.setColor(a.hair);
        ellipse.setFrame(cx + backX + upX * 0.2 * r - hairR, cy + backY + upY * 0.2 * r - hairR,
                2 * hairR, 2 * hairR);
        g.fill(ellipse);
    }

    private void segment(Graphics2D g, BasicStroke stroke, Color color, int from, int to) {
        g.setStroke(stroke);
        g.setColor(color);
        line.setLine(px[from], py[from], px[to], py[to]);
        g.draw(line);
    }
}
