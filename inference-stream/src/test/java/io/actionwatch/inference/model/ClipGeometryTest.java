package io.actionwatch.inference.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClipGeometryTest {

    @Test
    void clipBoundariesFollowTheCardContract() {
        ClipGeometry g = new ClipGeometry(8, 2, 8); // the reference model: T=8, every 2nd frame, stride 8
        assertThat(g.isSampled(0)).isTrue();
        assertThat(g.isSampled(3)).isFalse();
        assertThat(g.sampledIndex(14)).isEqualTo(7);
        assertThat(g.firstSequence(0)).isEqualTo(0);
        assertThat(g.lastSequence(0)).isEqualTo(14);
        assertThat(g.firstSequence(1)).isEqualTo(16);
        assertThat(g.lastSequence(1)).isEqualTo(30);
    }

    @Test
    void overlappingClipsShareFrames() {
        ClipGeometry g = new ClipGeometry(8, 1, 4);
        assertThat(g.firstSequence(1)).isEqualTo(4);
        assertThat(g.lastSequence(0)).isEqualTo(7);
        assertThat(g.usedByAnyClip(5)).isTrue();
        assertThat(g.firstClipReaching(5)).isEqualTo(0);
        assertThat(g.firstClipReaching(8)).isEqualTo(1);
    }

    @Test
    void strideLongerThanTheClipLeavesFramesNoClipNeeds() {
        ClipGeometry g = new ClipGeometry(4, 1, 6); // clips [0,4), [6,10), ...
        assertThat(g.isNeeded(3)).isTrue();
        assertThat(g.isNeeded(4)).isFalse();
        assertThat(g.isNeeded(5)).isFalse();
        assertThat(g.isNeeded(6)).isTrue();
        assertThat(g.firstClipReaching(4)).isEqualTo(1);
        assertThat(g.firstClipStartingAt(1)).isEqualTo(1);
        assertThat(g.firstClipStartingAt(0)).isEqualTo(0);
        assertThat(g.firstClipStartingAt(-5)).isEqualTo(0);
    }

    @Test
    void firstClipWithinGraceIsTheEarliestClipNotYetDecidable() {
        ClipGeometry g = new ClipGeometry(4, 2, 4); // clip k: sequences 8k .. 8k+6
        // highest 20, grace 2: clip 1 ends at 14, 14 + 2 < 20 so it is past grace; clip 2 ends at 22: not past.
        assertThat(g.firstClipWithinGrace(20, 2)).isEqualTo(2);
        // highest 16, grace 2: clip 1 ends at 14, 14 + 2 = 16 is not < 16 so clip 1 may still wait.
        assertThat(g.firstClipWithinGrace(16, 2)).isEqualTo(1);
        assertThat(g.firstClipWithinGrace(0, 8)).isEqualTo(0);
    }
}
