package io.actionwatch.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameSizeTest {

    @Test
    void fitsIntoTheBoxKeepingTheAspectRatioWithEvenSides() {
        assertThat(FrameSize.fit(1280, 720, 640, 480)).isEqualTo(new FrameSize(640, 360));
        assertThat(FrameSize.fit(768, 576, 320, 320)).isEqualTo(new FrameSize(320, 240));
        assertThat(FrameSize.fit(1920, 1080, 0, 480)).isEqualTo(new FrameSize(852, 480));
        assertThat(FrameSize.fit(641, 481, 0, 0)).isEqualTo(new FrameSize(640, 480));
    }

    @Test
    void neverScalesUp() {
        assertThat(FrameSize.fit(320, 240, 1280, 720)).isEqualTo(new FrameSize(320, 240));
    }

    @Test
    void refusesASourceWithoutSize() {
        assertThatThrownBy(() -> FrameSize.fit(0, 0, 320, 240)).hasMessageContaining("no frame size");
    }
}
