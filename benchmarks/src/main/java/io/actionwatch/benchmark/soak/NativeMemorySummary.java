package io.actionwatch.benchmark.soak;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two figures the soak takes from a JVM's native memory tracking summary ({@code jcmd <pid> VM.native_memory
 * summary}, the JVM started with {@code -XX:NativeMemoryTracking=summary}): everything the JVM has committed (heap,
 * metaspace, code, threads, GC, ...) and the "Other" category, where NIO direct buffers are accounted on JDK 17 and
 * 21. Memory that native libraries allocate themselves (ONNX Runtime, RocksDB, libjpeg-turbo) is not tracked and
 * shows only in the RSS.
 */
public record NativeMemorySummary(long committedBytes, long otherCommittedBytes) {

    private static final Pattern TOTAL = Pattern.compile("Total:\\s+reserved=(\\d+)KB,\\s+committed=(\\d+)KB");
    private static final Pattern OTHER = Pattern.compile("-\\s+Other\\s+\\(reserved=(\\d+)KB,\\s+committed=(\\d+)KB");

    /**
     * @param summary the command's output in its default scale (KB)
     * @throws IllegalArgumentException when it holds no total, e.g. the JVM runs without native memory tracking
     */
    public static NativeMemorySummary parse(String summary) {
        Matcher total = TOTAL.matcher(summary);
        if (!total.find()) {
            String start = summary.strip();
            throw new IllegalArgumentException("no native memory total in the summary (started without "
                    + "-XX:NativeMemoryTracking=summary?): " + start.substring(0, Math.min(200, start.length())));
        }
        Matcher other = OTHER.matcher(summary);
        // A category below 1 KB is left out of the summary: then there is nothing in it.
        long otherKb = other.find() ? Long.parseLong(other.group(2)) : 0;
        return new NativeMemorySummary(Long.parseLong(total.group(2)) * 1024, otherKb * 1024);
    }
}
