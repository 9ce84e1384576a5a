package io.actionwatch.operator.export;

/** What {@code export-clip} writes: a contact sheet image, or an animation at the clip's frame rate. */
public enum ExportFormat {
    png,
    gif
}
