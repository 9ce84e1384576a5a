package io.actionwatch.operator.export;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws an exported clip: the contact sheet (caption above a grid of labelled frames) and the labelled frames of an
 * animation. A placeholder is a grey tile crossed out, so a missing frame is seen where it belongs.
 */
public final class SheetPainter {

    static final Color BACKGROUND = Color.WHITE;
    static final Color TEXT = Color.BLACK;
    static final Color PLACEHOLDER = new Color(200, 200, 200);
    static final int MARGIN = 8;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Tile proportions when no frame could be decoded to take them from. */
    private static final double FALLBACK_ASPECT = 3.0 / 4.0;

    private final ClipCaption caption;
    private final int tileWidth;

    public SheetPainter(ClipCaption caption, int tileWidth) {
        this.caption = caption;
        this.tileWidth = tileWidth;
    }

    /** The sheet's layout: {@code columns} 0 chooses {@link SheetLayout#defaultColumns}. */
    public SheetLayout layout(ClipSubject clip, List<ClipFrame> frames, int columns) {
        if (columns < 0) {
            throw new IllegalArgumentException("--columns must be 0 (automatic) or more, was " + columns);
        }
        int chosen = columns == 0 ? SheetLayout.defaultColumns(frames.size()) : columns;
        return new SheetLayout(frames.size(), chosen, tileWidth, tileHeight(frames), lineHeight(),
                caption.lines(clip, frames).size(), MARGIN);
    }

    public BufferedImage sheet(ClipSubject clip, List<ClipFrame> frames, int columns) {
        SheetLayout layout = layout(clip, frames, columns);
        BufferedImage sheet = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(sheet);
        try {
            List<String> lines = caption.lines(clip, frames);
            for (int i = 0; i < lines.size(); i++) {
                text(g, lines.get(i), MARGIN, MARGIN + i * layout.lineHeight());
            }
            for (int i = 0; i < frames.size(); i++) {
                Point at = layout.tile(i);
                tile(g, frames.get(i), at.x, at.y, layout.tileHeight());
                text(g, caption.frameLabel(frames.get(i)), at.x, at.y + layout.tileHeight());
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /**
     * The frames of an animation, each with a band under it naming the clip (camera, label, score) and the frame, so a
     * GIF pasted into a ticket still says what it shows; the full caption is the sheet's, too wide for a frame.
     */
    public List<BufferedImage> animation(ClipSubject clip, List<ClipFrame> frames) {
        int tileHeight = tileHeight(frames);
        int lineHeight = lineHeight();
        String clipLine = caption.shortLine(clip);
        List<BufferedImage> animation = new ArrayList<>(frames.size());
        for (ClipFrame frame : frames) {
            BufferedImage image = new BufferedImage(tileWidth, tileHeight + 2 * lineHeight, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = start(image);
            try {
                tile(g, frame, 0, 0, tileHeight);
                text(g, clipLine, 2, tileHeight);
                text(g, caption.frameLabel(frame), 2, tileHeight + lineHeight);
            } finally {
                g.dispose();
            }
            animation.add(image);
        }
        return animation;
    }

    /** The tallest decoded frame's height: frames of one camera share a size, and a tile must hold any of them. */
    int tileHeight(List<ClipFrame> frames) {
        return frames.stream().flatMap(frame -> frame.image().stream()).mapToInt(BufferedImage::getHeight).max()
                .orElse((int) Math.round(tileWidth * FALLBACK_ASPECT));
    }

    private static int lineHeight() {
        // The metrics of the font, not a guess: measured on a scratch image, as no sheet exists yet.
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics metrics = g.getFontMetrics(FONT);
            return metrics.getHeight() + 2;
        } finally {
            g.dispose();
        }
    }

    private static Graphics2D start(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(FONT);
        return g;
    }

    private void tile(Graphics2D g, ClipFrame frame, int x, int y, int height) {
        if (frame.image().isPresent()) {
            g.drawImage(frame.image().get(), x, y, null);
            return;
        }
        g.setColor(PLACEHOLDER);
        g.fillRect(x, y, tileWidth, height);
        g.setColor(TEXT);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(x, y, x + tileWidth - 1, y + height - 1);
        g.drawLine(x, y + height - 1, x + tileWidth - 1, y);
    }

    private static void text(Graphics2D g, String line, int x, int top) {
        g.setColor(TEXT);
        g.drawString(line, x, top + g.getFontMetrics().getAscent() + 1);
    }
}
