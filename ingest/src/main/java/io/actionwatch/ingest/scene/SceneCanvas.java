package io.actionwatch.ingest.scene;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * The one reused frame buffer: copies the backdrop, draws the figure, adds sensor noise; and the figure's true
 * keypoints in that frame (also reused).
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

    /** The last rendered figure's {@link SceneKeypoints}. */
    float[] keypoints() {
        return keypoints;
    }

    void render(Stage stage, Skeleton skeleton, double anchorX, int facing, long noiseSeed) {
        System.arraycopy(stage.backdrop, 0, pixels, 0, pixels.length);
        painter.place(skeleton, stage.appearance, anchorX, facing);
        painter.paint(graphics, skeleton, stage.appearance);
        SceneKeypoints.fill(painter, facing, image.getWidth(), image.getHeight(), keypoints);
        stage.noise.apply(pixels, noiseSeed);
    }

    @Override
    public void close() {
        graphics.dispose();
    }
}
