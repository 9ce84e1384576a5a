package io.actionwatch.operator.format;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.Person;
import io.actionwatch.text.UntrustedText;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Aligned table rows of events and alerts. Unlike the live sink's lines, the clip starts with its date (a history
 * spans days) and every row carries its id, so an operator can look an event up or quote it. Strings from records
 * go through {@link UntrustedText#excerpt}: a topic given with {@code --topic} may hold anything, and a control
 * character in a label must not rewrite the terminal or forge a row.
 */
public final class RecordTable {

    private static final String EVENT_COLUMNS = "%-36s  %-12s  %-6s  %-16s  %5s  %-16s  %-20s  %s";
    private static final String ALERT_COLUMNS = "%-36s  %-10s  %-12s  %-6s  %-16s  %5s  %s";

    private final DateTimeFormatter day;
    private final DateTimeFormatter time;

    public RecordTable(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        this.day = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(zone);
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(zone);
    }

    public String eventHeader() {
        return String.format(Locale.ROOT, EVENT_COLUMNS, "CLIP (" + zoneName() + ")", "CAMERA", "PERSON", "LABEL",
                "SCORE", "TRUTH", "MODEL", "EVENT ID");
    }

    public String row(ActionEvent event) {
        return String.format(Locale.ROOT, EVENT_COLUMNS, span(event.getClipStartTime(), event.getClipEndTime()),
                cell(event.getCameraId()), person(event.getPerson()), cell(event.getLabel()), score(event.getScore()),
                event.getGroundTruth() == null ? "-" : cell(event.getGroundTruth()),
                cell(event.getModelName()) + "/" + cell(event.getModelVersion()), cell(event.getEventId()));
    }

    public String alertHeader() {
        return String.format(Locale.ROOT, ALERT_COLUMNS, "CLIP (" + zoneName() + ")", "RULE", "CAMERA", "PERSON",
                "LABEL", "SCORE", "ALERT ID");
    }

    public String row(Alert alert) {
        return String.format(Locale.ROOT, ALERT_COLUMNS, span(alert.getClipStartTime(), alert.getClipEndTime()),
                cell(alert.getRule()), cell(alert.getCameraId()), person(alert.getPerson()), cell(alert.getLabel()),
                score(alert.getScore()), cell(alert.getAlertId()));
    }

    private String zoneName() {
        return day.getZone().getId();
    }

    private String span(Instant start, Instant end) {
        return day.format(start) + "-" + time.format(end);
    }

    private static String person(Person person) {
        return person == null ? "-" : Long.toString(person.getTrackId());
    }

    private static String score(float score) {
        return String.format(Locale.ROOT, "%.2f", score);
    }

    private static String cell(String value) {
        return UntrustedText.excerpt(value);
    }
}
