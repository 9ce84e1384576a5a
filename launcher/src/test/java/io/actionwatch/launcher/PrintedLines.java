package io.actionwatch.launcher;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a running pipeline printed, for tests that wait for a line of it (the URLs it prints at start). */
final class PrintedLines {

    private PrintedLines() {
    }

    /** Waits up to 90 s for a line matching {@code regex} in what was printed so far; fails naming both. */
    static Matcher await(ByteArrayOutputStream printed, String regex) throws InterruptedException {
        return await(printed, regex, Duration.ofSeconds(90));
    }

    /** As above, waiting up to {@code timeout}. */
    static Matcher await(ByteArrayOutputStream printed, String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = pattern.matcher(printed.toString(StandardCharsets.UTF_8));
            if (matcher.find()) {
                return matcher;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no line " + regex + " in:\n" + printed.toString(StandardCharsets.UTF_8));
    }
}
