package io.actionwatch.sink.console;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.Person;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints one readable line per action event, and alerts in a format that stands out from events:
 * <pre>
 * cam-1      12:00:00.000-12:00:01.067  falling_down    0.87  truth=falling_down ✓  latency=153ms
 * ALERT [fall] cam-1      12:00:00.000-12:00:01.067  falling_down    0.87  id=fall:3f2a...
 * ALERT [fall] cam-1      12:00:00.000-12:00:01.067  falling_down    0.87  person=7  id=fall:9b1c...
 * </pre>
 * An alert about a tracked person names its track id; whole-frame alerts print as they always have.
 * Clip times are shown in the given zone; scores always with a dot (Locale.ROOT) so lines read the same everywhere.
 */
public final class EventPrinter {

    public static final String CORRECT = "✓";
    public static final String WRONG = "✗";
    public static final String NO_TRUTH = "-";

    private final PrintStream out;
    private final DateTimeFormatter time;

    public EventPrinter(PrintStream out, ZoneId zone) {
        this.out = Objects.requireNonNull(out, "out");
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(Objects.requireNonNull(zone, "zone"));
    }

    public void print(ActionEvent event) {
        out.println(format(event));
    }

    public void print(Alert alert) {
        out.println(format(alert));
    }

    public String format(ActionEvent event) {
        String truth = event.getGroundTruth() == null
                ? NO_TRUTH
                : event.getGroundTruth() + " " + (event.getGroundTruth().equals(event.getLabel()) ? CORRECT : WRONG);
        return String.format(Locale.ROOT, "%-10s %s  %s%-14s  %.2f  truth=%s  latency=%dms",
                event.getCameraId(), span(event.getClipStartTime(), event.getClipEndTime()), person(event.getPerson()),
                event.getLabel(), event.getScore(), truth, event.getCaptureToEmitMillis());
    }

    public String format(Alert alert) {
        return String.format(Locale.ROOT, "ALERT [%s] %-10s %s  %-14s  %.2f  %sid=%s",
                alert.getRule(), alert.getCameraId(), span(alert.getClipStartTime(), alert.getClipEndTime()),
                alert.getLabel(), alert.getScore(), person(alert.getPerson()), alert.getAlertId());
    }

    /** "person=N  " for a per-person event or alert; nothing for a whole-frame one, whose lines stay as they were. */
    private static String person(Person person) {
        return person == null ? "" : "person=" + person.getTrackId() + "  ";
    }

    private String span(Instant start, Instant end) {
        return time.format(start) + "-" + time.format(end);
    }
}
