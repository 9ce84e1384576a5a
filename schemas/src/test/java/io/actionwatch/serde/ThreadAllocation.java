package io.actionwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while it runs something (HotSpot counts them per thread). */
final class ThreadAllocation {

    private ThreadAllocation() {
    }

    /** Heap bytes allocated by this thread while {@code action} ran. */
    static long during(Runnable action) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled())
                .as("this JVM measures allocation per thread").isTrue();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        action.run();
        return threads.getThreadAllocatedBytes(thread) - before;
    }
}
