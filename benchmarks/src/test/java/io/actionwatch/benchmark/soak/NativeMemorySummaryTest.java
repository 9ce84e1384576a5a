package io.actionwatch.benchmark.soak;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeMemorySummaryTest {

    /** The shape of JDK 17's {@code VM.native_memory summary}, shortened. */
    private static final String SUMMARY = """
            Native Memory Tracking:

            (Omitting categories weighting less than 1KB)

            Total: reserved=1685547KB, committed=312391KB
                   malloc: 26359KB #74537
                   mmap:   reserved=1659188KB, committed=286032KB

            -                 Java Heap (reserved=1048576KB, committed=206848KB)
                                        (mmap: reserved=1048576KB, committed=206848KB)

            -                     Other (reserved=9230KB, committed=9230KB)
                                        (malloc=9230KB #22)
            """;

    @Test
    void readsTheCommittedTotalAndTheOtherCategory() {
        NativeMemorySummary summary = NativeMemorySummary.parse(SUMMARY);

        assertThat(summary.committedBytes()).isEqualTo(312391L * 1024);
        assertThat(summary.otherCommittedBytes()).isEqualTo(9230L * 1024);
    }

    @Test
    void anOmittedOtherCategoryIsZero() {
        String withoutOther = SUMMARY.substring(0, SUMMARY.indexOf("-                     Other"));

        assertThat(NativeMemorySummary.parse(withoutOther).otherCommittedBytes()).isZero();
    }

    @Test
    void aJvmWithoutTrackingIsNamed() {
        assertThatThrownBy(() -> NativeMemorySummary.parse("Native memory tracking is not enabled"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NativeMemoryTracking");
    }
}
