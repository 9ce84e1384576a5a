package io.actionwatch.operator.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The capture-time range {@code [from, to)} a replay covers, from what an operator types: absolute times (ISO-8601
 * with an offset, {@code 2026-05-01T12:00:00Z}, or local to the machine's zone, {@code 2026-05-01T12:00:00}), ages
 * ({@code 15m} = 15 minutes before the command started; units ms, s, m, h, d) or {@code --last 15m}. The end
 * defaults to the command's start, so a replay of a live topic has an end.
 */
public record ReplayWindow(Instant from, Instant to) {

    private static final Pattern AGE = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    static final String FORMS = "an ISO-8601 time (2026-05-01T12:00:00Z, or 2026-05-01T12:00:00 in this machine's "
            + "zone), an age such as 15m, 2h or 90s (before now), or now";

    /**
     * @param from  {@code --from}, or null
     * @param to    {@code --to}, or null (= now)
     * @param last  {@code --last}, or null
     * @param now   when the command started
     * @throws IllegalArgumentException naming the option when a value is malformed, the options conflict, or the
     *                                  start is after the end
     */
    public static ReplayWindow resolve(String from, String to, String last, Instant now, ZoneId zone) {
        if (last != null) {
            if (from != null || to != null) {
                throw new IllegalArgumentException("--last cannot be combined with --from or --to");
            }
            Duration age = age(last).orElseThrow(() -> new IllegalArgumentException(
                    "--last '" + last + "' is not a duration such as 15m, 2h or 90s"));
            return new ReplayWindow(now.minus(age), now);
        }
        if (from == null) {
            throw new IllegalArgumentException("give the range to replay: --from TIME [--to TIME], or --last 15m");
        }
        Instant start = instant("--from", from, now, zone);
        Instant end = to == null ? now : instant("--to", to, now, zone);
        if (start.isAfter(end)) {
            throw new IllegalArgumentException("--from " + start + " is after --to " + end
                    + ": the range must start before it ends");
        }
        return new ReplayWindow(start, end);
    }

    public boolean isEmpty() {
        return !from.isBefore(to);
    }

    static Instant instant(String option, String text, Instant now, ZoneId zone) {
        String value = text.trim();
        if (value.equalsIgnoreCase("now")) {
            return now;
        }
        var age = age(value);
        if (age.isPresent()) {
            return now.minus(age.get());
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " '" + value + "' is not " + FORMS, e);
            }
        }
    }

    private static java.util.Optional<Duration> age(String text) {
        Matcher m = AGE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return java.util.Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        });
    }
}
