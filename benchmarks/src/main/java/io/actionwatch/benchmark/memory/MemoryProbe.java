package io.actionwatch.benchmark.memory;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory of this JVM at one moment: Java heap (used after a full GC, committed), non-heap (metaspace, code cache),
 * NIO direct buffers (pooled model inputs, Kafka and RocksDB buffers) and the process's resident set from
 * /proc/self/status. What is resident beyond heap, non-heap and direct buffers is native memory the JVM does not
 * track: ONNX Runtime's weights and arenas, RocksDB, thread stacks, the allocator's slack.
 *
 * @param untrackedNativeBytes RSS - heap committed - non-heap committed - direct buffers, at least 0: a lower bound,
 *                             since committed heap is not necessarily resident
 */
public record MemoryProbe(long heapUsedBytes, long heapCommittedBytes, long nonHeapCommittedBytes,
                          long directBufferBytes, long directBufferCount, long rssBytes, long peakRssBytes,
                          long untrackedNativeBytes) {

    public static MemoryProbe now(boolean collectFirst) {
        if (collectFirst) {
            // Heap "used" without a collection is mostly garbage waiting for the next one.
            System.gc();
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapUsed = memory.getHeapMemoryUsage().getUsed();
        long heapCommitted = memory.getHeapMemoryUsage().getCommitted();
        long nonHeap = memory.getNonHeapMemoryUsage().getCommitted();
        long direct = 0;
        long count = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                direct = pool.getMemoryUsed();
                count = pool.getCount();
            }
        }
        long rss = statusKb("VmRSS:") * 1024;
        long hwm = statusKb("VmHWM:") * 1024;
        return new MemoryProbe(heapUsed, heapCommitted, nonHeap, direct, count, rss, hwm,
                Math.max(0, rss - heapCommitted - nonHeap - direct));
    }

    /** Resident set of another process (a child JVM), 0 when unreadable. */
    public static long rssOf(long pid) {
        return statusKb(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") * 1024;
    }

    /**
     * The anonymous part of another process's resident set (heap, allocator arenas, stacks: where a leak grows), 0
     * when unreadable. The rest of RSS is file-backed, see {@link #rssFileOf}.
     */
    public static long rssAnonOf(long pid) {
        return statusKb(Path.of("/proc", Long.toString(pid), "status"), "RssAnon:") * 1024;
    }

    /**
     * The file-backed part of another process's resident set: mapped jars and libraries, and memory-mapped files such
     * as a broker's log-segment indexes, which the kernel can drop and read again; 0 when unreadable.
     */
    public static long rssFileOf(long pid) {
        return statusKb(Path.of("/proc", Long.toString(pid), "status"), "RssFile:") * 1024;
    }

    private static long statusKb(String key) {
        return statusKb(Path.of("/proc/self/status"), key);
    }

    private static long statusKb(Path status, String key) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
