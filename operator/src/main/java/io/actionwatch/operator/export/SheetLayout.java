package io.actionwatch.operator.export;

import java.awt.Point;

/**
 * Where everything goes on a contact sheet: a caption band of {@code captionLines} lines at the top, then the frames
 * in rows of {@code columns} tiles, left to right and top to bottom, each tile with a label line under it, all
 * separated by a margin.
 */
public record SheetLayout(int frames, int columns, int tileWidth, int tileHeight, int lineHeight, int captionLines,
                          int margin) {

    public SheetLayout {
        if (frames < 1 || columns < 1 || tileWidth < 1 || tileHeight < 1 || lineHeight < 1 || captionLines < 0
                || margin < 0) {
            throw new IllegalArgumentException("invalid sheet layout " + frames + " frames, " + columns + " columns, "
                    + tileWidth + "x" + tileHeight + " tiles");
        }
    }

    /**
     * Columns for {@code frames} tiles when none were asked for: about as many as rows, so the sheet stays near the
     * frames' own proportions and fits a page or a ticket.
     */
    public static int defaultColumns(int frames) {
        return Math.max(1, (int) Math.ceil(Math.sqrt(frames)));
    }

    public int rows() {
        return (frames + columns - 1) / columns;
    }

    /** Height of the caption band, margins included. */
    public int captionHeight() {
        return margin + captionLines * lineHeight;
    }

    /** Height of one tile with its label line. */
    public int cellHeight() {
        return tileHeight + lineHeight;
    }

    public int width() {
        return margin + Math.min(frames, columns) * (tileWidth + margin);
    }

    public int height() {
        return captionHeight() + margin + rows() * (cellHeight() + margin);
    }

    /** Top-left corner of frame {@code index}'s tile (0 = the clip's first frame). */
    public Point tile(int index) {
        if (index < 0 || index >= frames) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
        }
        int column = index % columns;
        int row = index / columns;
        return new Point(margin + column * (tileWidth + margin), captionHeight() + margin + row * (cellHeight() + margin));
    }
}
