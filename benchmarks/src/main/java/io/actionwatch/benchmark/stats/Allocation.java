package io.actionwatch.benchmark.stats;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes the calling thread allocates per operation (HotSpot's per-thread allocation counter): the check that a
 * hot path produces no garbage, independent of timing noise.
 */
public final class Allocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    /** Runs {@code operation} once to settle lazy initialisation, then {@code times} more and averages. */
    public static long bytesPerOperation(Runnable operation, int times) {
        operation.run();
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < times; i++) {
            operation.run();
        }
        return (THREADS.getThreadAllocatedBytes(tid) - before) / times;
    }
}
