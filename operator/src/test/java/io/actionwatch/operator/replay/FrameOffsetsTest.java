package io.actionwatch.operator.replay;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FrameOffsetsTest {

    private final FrameOffsets offsets = new FrameOffsets("frames.v1", Map.of(0, 100L, 1, 40L), Map.of(0, 150L, 1, 40L));

    @Test
    void progressCountsRecordsBehindTheCommittedOffsetsUpToTheFixedEnds() {
        assertThat(offsets.total()).isEqualTo(50);
        assertThat(offsets.done(Map.of())).as("nothing committed yet").isZero();
        assertThat(offsets.done(Map.of(0, 120L))).isEqualTo(20);
        assertThat(offsets.done(Map.of(0, 90L))).as("an offset before the start counts nothing").isZero();
        assertThat(offsets.done(Map.of(0, 170L, 1, 55L))).as("live records past the end do not count").isEqualTo(50);
    }
}
