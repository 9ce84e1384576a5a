package io.actionwatch.operator.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line on stderr, redrawn in place with a carriage return: frames done of the total, percentage, frames per
 * second since the start and the time left at that rate. {@link #finish} draws the last state and ends the line.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long total;
    private final long startNanos;
    private int lastLength;

    ProgressBar(PrintStream out, long total, long startNanos) {
        this.out = out;
        this.total = total;
        this.startNanos = startNanos;
    }

    void draw(long done, long nowNanos) {
        String line = line(done, nowNanos);
        // Pads over a longer previous line, so no characters of it stay behind.
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }

    void finish(long done, long nowNanos) {
        draw(done, nowNanos);
        out.println();
        out.flush();
    }

    String line(long done, long nowNanos) {
        double share = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(share * WIDTH);
        double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        double rate = done / seconds;
        String eta = done >= total ? "0:00" : rate <= 0 ? "--:--" : clock((long) Math.ceil((total - done) / rate));
        return String.format(Locale.ROOT, "replay [%s%s] %5.1f%%  %d/%d frames  %.0f frames/s  ETA %s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), share * 100, done, total, rate, eta);
    }

    private static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
