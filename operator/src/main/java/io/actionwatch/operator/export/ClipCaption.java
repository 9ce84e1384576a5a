package io.actionwatch.operator.export;

import io.actionwatch.text.UntrustedText;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words on an exported clip: a caption for the whole clip (camera, what it is, time span, label, score, model,
 * person, missing frames) and a label per frame (sequence and capture time). Strings from records go through
 * {@link UntrustedText#excerpt} so a long or multi-line id cannot break the layout.
 */
public final class ClipCaption {

    private static final DateTimeFormatter SPAN_START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final ZoneId zone;

    public ClipCaption(ZoneId zone) {
        this.zone = zone;
    }

    /** The clip's caption, one entry per line. */
    public List<String> lines(ClipSubject clip, List<ClipFrame> frames) {
        List<String> lines = new ArrayList<>();
        lines.add("camera " + UntrustedText.excerpt(clip.cameraId()) + " | " + UntrustedText.excerpt(clip.source()));
        Duration span = Duration.between(clip.clipStart(), clip.clipEnd());
        lines.add(SPAN_START.format(clip.clipStart().atZone(zone)) + " to " + TIME.format(clip.clipEnd().atZone(zone))
                + String.format(Locale.ROOT, " (%.3f s, %d frames)", span.toMillis() / 1000.0, frames.size()));
        lines.add(String.format(Locale.ROOT, "%s %.2f | model %s", UntrustedText.excerpt(clip.label()), clip.score(),
                clip.model().map(UntrustedText::excerpt).orElse("unknown (event not found)")));
        clip.person().ifPresent(person -> lines.add("person track " + person.getTrackId() + " (box drawn)"));
        long placeholders = frames.stream().filter(ClipFrame::isPlaceholder).count();
        if (placeholders > 0) {
            lines.add(placeholders + " of " + frames.size() + " frames missing or undecodable (crossed out)");
        }
        return lines;
    }

    /** The clip in one short line, for the narrow band under an animation's frames: camera, label and score. */
    public String shortLine(ClipSubject clip) {
        return String.format(Locale.ROOT, "%s %s %.2f", UntrustedText.excerpt(clip.cameraId()),
                UntrustedText.excerpt(clip.label()), clip.score());
    }

    /** A frame's label: its sequence and capture time, and what is wrong when it is a placeholder. */
    public String frameLabel(ClipFrame frame) {
        if (frame.captureTime().isEmpty()) {
            return "#" + frame.sequence() + " missing";
        }
        String label = "#" + frame.sequence() + " " + TIME.format(frame.captureTime().get().atZone(zone));
        return frame.isPlaceholder() ? label + " undecodable" : label;
    }
}
