package io.actionwatch.operator.range;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A half-open range of record time, {@code [from, to)}: {@code from} inclusive, {@code to} exclusive, so consecutive
 * ranges ({@code --from 10:00 --to 11:00}, then {@code --from 11:00 --to 12:00}) never list a record twice. Without
 * {@code to} the range is open: everything from {@code from} up to the end of the topic as it was when the command
 * started. Every operator tool that takes {@code --from/--to/--last} parses them here, so they mean the same
 * everywhere.
 *
 * <p>Accepted times: an ISO instant or offset time ({@code 2026-05-01T10:00:00Z}, {@code 2026-05-01T12:00+02:00}),
 * a local date-time or date in the given zone ({@code 2026-05-01T10:00}, {@code 2026-05-01} = its midnight), or a
 * duration before {@code now} ({@code 15m}, {@code 2h}, {@code 1h30m}, {@code 7d}, {@code 500ms}; units ms, s, m,
 * h, d). {@code --last D} is {@code [now - D, now)} and combines with neither {@code --from} nor {@code --to}.
 *
 * @param from first instant in the range (inclusive); {@link Instant#EPOCH} when no start was given
 * @param to   first instant after the range (exclusive); empty when the range runs to the end of the topic
 */
public record TimeRange(Instant from, Optional<Instant> to) {

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)(ms|s|m|h|d))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isBefore(Instant.EPOCH)) {
            // Kafka's timestamp index starts at 0; offsetsForTimes refuses negative times.
            throw new IllegalArgumentException("the range starts at " + from + ", before 1970-01-01T00:00:00Z");
        }
        if (to.isPresent() && !from.isBefore(to.get())) {
            throw new IllegalArgumentException("the range is empty: from " + from + " is not before to " + to.get()
                    + " (from is inclusive, to exclusive)");
        }
    }

    /** Everything in the topic, up to its end when the command started. */
    public static TimeRange all() {
        return new TimeRange(Instant.EPOCH, Optional.empty());
    }

    /**
     * Parses the three options; each may be null (not given).
     *
     * @throws IllegalArgumentException naming the option and the accepted forms when a value is malformed, when
     *                                  {@code last} is combined with {@code from} or {@code to}, or when from is not
     *                                  before to
     */
    public static TimeRange parse(String from, String to, String last, Instant now, ZoneId zone) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(zone, "zone");
        if (last != null) {
            if (from != null || to != null) {
                throw new IllegalArgumentException("--last cannot be combined with --from or --to: --last D means "
                        + "from now - D up to now");
            }
            Duration span = duration("--last", last);
            if (span.isZero()) {
                throw new IllegalArgumentException("--last must be longer than 0, was '" + last + "'");
            }
            return new TimeRange(now.minus(span), Optional.of(now));
        }
        Instant start = from == null ? Instant.EPOCH : time("--from", from, now, zone);
        Optional<Instant> end = to == null ? Optional.empty() : Optional.of(time("--to", to, now, zone));
        if (end.isPresent() && !start.isBefore(end.get())) {
            throw new IllegalArgumentException("--from " + from + " (" + start + ") must be before --to " + to + " ("
                    + end.get() + "): from is inclusive, to exclusive");
        }
        return new TimeRange(start, end);
    }

    /** Whether a record time (epoch milliseconds) falls in the range. */
    public boolean contains(long epochMillis) {
        return epochMillis >= from.toEpochMilli() && (to.isEmpty() || epochMillis < to.get().toEpochMilli());
    }

    /** The range as an operator reads it in a summary line. */
    public String describe() {
        return "[" + from + ", " + to.map(Instant::toString).orElse("end of topic") + ")";
    }

    /** One point in time: absolute (ISO), or a duration before now. */
    static Instant time(String option, String text, Instant now, ZoneId zone) {
        String value = text.trim();
        if (DURATION.matcher(value).matches()) {
            return now.minus(duration(option, value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            // not with an offset or Z; try the forms read in the operator's zone
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeParseException notLocal) {
            // not a local date-time; a date alone is the last form left
        }
        try {
            return LocalDate.parse(value).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is neither a time (2026-05-01T10:00:00Z, "
                    + "2026-05-01T12:00+02:00, 2026-05-01T10:00 or 2026-05-01 in " + zone + ") nor a duration before "
                    + "now (15m, 2h, 1h30m, 7d; units ms, s, m, h, d)", e);
        }
    }

    /** A duration written as number-unit pairs: 15m, 2h, 1h30m, 500ms. */
    static Duration duration(String option, String text) {
        String value = text.trim();
        if (!DURATION.matcher(value).matches()) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration: number-unit pairs such as "
                    + "15m, 2h, 1h30m, 7d (units ms, s, m, h, d)");
        }
        Duration total = Duration.ZERO;
        Matcher part = DURATION_PART.matcher(value);
        try {
            while (part.find()) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> throw new IllegalStateException("unit " + part.group(2) + " matched but not handled");
                });
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is too long a duration", e);
        }
        return total;
    }
}
