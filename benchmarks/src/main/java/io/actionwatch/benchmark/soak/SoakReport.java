package io.actionwatch.benchmark.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a soak's result: {@code memory.csv} (every process, every minute), {@code load.csv} (the stream
 * application's lag each minute) and {@code report.md}, the tables the README's Soak section quotes, which are also
 * printed.
 */
final class SoakReport {

    private SoakReport() {
    }

    static void writeCsv(SoakResult r, Path dir) {
        StringBuilder memory = new StringBuilder("minute,process,pid");
        for (MemoryMetric m : MemoryMetric.values()) {
            memory.append(',').append(m.column);
        }
        memory.append('\n');
        for (SoakResult.MemoryRow row : r.memory()) {
            memory.append(String.format(Locale.ROOT, "%.2f,%s,%d", row.minute(), row.process(), row.pid()));
            for (MemoryMetric m : MemoryMetric.values()) {
                memory.append(String.format(Locale.ROOT, ",%.2f", m.mib(row.sample())));
            }
            memory.append('\n');
        }
        StringBuilder load = new StringBuilder("minute,frames_end_offsets,frames_committed,lag\n");
        for (SoakResult.LoadRow row : r.load()) {
            load.append(String.format(Locale.ROOT, "%.2f,%d,%d,%d%n", row.minute(), row.endOffsets(), row.committed(),
                    row.lag()));
        }
        write(dir.resolve("memory.csv"), memory.toString());
        write(dir.resolve("load.csv"), load.toString());
    }

    static String markdown(SoakResult r) {
        StringBuilder md = new StringBuilder();
        r.settings().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append('\n');

        md.append("| goal | measured | met |\n| --- | --- | --- |\n");
        for (SoakResult.Goal g : r.goals()) {
            md.append("| ").append(g.goal()).append(" | ").append(g.measured()).append(" | ")
                    .append(g.met() ? "yes" : "**no**").append(" |\n");
        }
        md.append('\n');

        md.append("Memory per process after the warm-up: value at the last sample, MiB (slope in MiB per 10 min, "
                + "verdict; * = gated).\n\n| process |");
        for (MemoryMetric m : MemoryMetric.values()) {
            md.append(' ').append(m.title).append(m.gated ? "*" : "").append(" |");
        }
        md.append("\n| --- |");
        for (int i = 0; i < MemoryMetric.values().length; i++) {
            md.append(" --- |");
        }
        md.append('\n');
        for (Map.Entry<String, Map<MemoryMetric, MemoryTrend>> p : r.trends().entrySet()) {
            SoakResult.MemoryRow last = lastRow(r.memory(), p.getKey());
            md.append("| ").append(p.getKey()).append(" |");
            for (MemoryMetric m : MemoryMetric.values()) {
                MemoryTrend t = p.getValue().get(m);
                md.append(String.format(Locale.ROOT, " %.1f (%+.2f, %s) |", last == null ? Double.NaN
                        : m.mib(last.sample()), t.slopePerTenMin(), t.verdict().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' ')));
            }
            md.append('\n');
        }
        md.append('\n');

        ClipLedger.Result c = r.clips();
        md.append("| camera | frames on frames.v1 | complete clips | lost | duplicates | events for incomplete clips "
                + "|\n| --- | --- | --- | --- | --- | --- |\n");
        for (ClipLedger.CameraCount cam : c.cameras()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |%n", cam.cameraId(), cam.frames(),
                    cam.expectedClips(), cam.lost(), cam.duplicates(), cam.extraClips()));
        }
        md.append(String.format(Locale.ROOT, "| all | %d | %d | %d | %d | %d |%n%n", c.frames(), c.expectedClips(),
                c.lost(), c.duplicates(), c.extraClips()));

        md.append("| window (min) | events | p50 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- |\n");
        for (LatencyWindows.Window w : r.latency()) {
            md.append(String.format(Locale.ROOT, "| %s-%s | %d | %s | %s | %s |%n", minute(w.fromMinute()),
                    minute(w.toMinute()), w.events(), text(w.p50Millis()), text(w.p99Millis()), text(w.maxMillis())));
        }
        return md.toString();
    }

    static void writeMarkdown(SoakResult r, Path dir) {
        write(dir.resolve("report.md"), markdown(r));
    }

    private static SoakResult.MemoryRow lastRow(List<SoakResult.MemoryRow> rows, String process) {
        SoakResult.MemoryRow last = null;
        for (SoakResult.MemoryRow row : rows) {
            if (row.process().equals(process)) {
                last = row;
            }
        }
        return last;
    }

    /** Whole minutes without decimals; a shorter last window with one. */
    private static String minute(double minute) {
        return minute == Math.rint(minute) ? Long.toString(Math.round(minute))
                : String.format(Locale.ROOT, "%.1f", minute);
    }

    private static String text(Long millis) {
        return millis == null ? "-" : millis.toString();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
