package io.actionwatch.ingest.scene;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * The one reused frame buffer: copies the backdrop, draws the figures, adds sensor noise; and each figure's true
 * keypoints in that frame.
 */
final class SceneCanvas implements AutoCloseable {

    private final BufferedImage image;
    private final byte[] pixels;
    private final Graphics2D graphics;
    private final FigurePainter painter = new FigurePainter();
    private final float[] keypoints = SceneKeypoints.newArray();

    SceneCanvas(int width, int height) {
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("frame size must be at least 16x16, got " + width + "x" + height);
        }
        image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    BufferedImage image() {
        return image;
    }

    /** The keypoints of the figure last drawn by {@link #render} (reused). */
    float[] keypoints() {
        return keypoints;
    }

    /** A frame of one figure: the stage's first person. */
    void render(Stage stage, Skeleton skeleton, double anchorX, int facing, long noiseSeed) {
        clear(stage);
        draw(skeleton, stage.appearance, anchorX, facing, keypoints);
        expose(stage, noiseSeed);
    }

    /** Starts a frame: the empty room. */
    void clear(Stage stage) {
        System.arraycopy(stage.backdrop, 0, pixels, 0, pixels.length);
    }

    /** Draws a figure over what is already drawn, and writes its keypoints into {@code keypointsOut}. */
    void draw(Skeleton skeleton, Appearance appearance, double anchorX, int facing, float[] keypointsOut) {
        painter.place(skeleton, appearance, anchorX, facing);
        painter.paint(graphics, skeleton, appearance);
        SceneKeypoints.fill(painter, facing, image.getWidth(), image.getHeight(), keypointsOut);
    }

    /** Ends a frame: the camera's noise over everything. */
    void expose(Stage stage, long noiseSeed) {
        stage.noise.apply(pixels, noiseSeed);
    }

    @Override
    public void close() {
        graphics.dispose();
    }
}
