package io.actionwatch.inference.state;

import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameKeysTest {

    @Test
    void keysRoundTripCameraAndSequence() {
        Bytes key = FrameKeys.key(FrameKeys.prefix("camera-ü"), 1234567890123L);
        assertThat(FrameKeys.streamKey(key)).isEqualTo("camera-ü");
        assertThat(FrameKeys.sequence(key)).isEqualTo(1234567890123L);
    }

    @Test
    void byteOrderIsSequenceOrderAndCamerasWithSharedPrefixesDoNotInterleave() {
        TreeSet<Bytes> keys = new TreeSet<>();
        for (String camera : List.of("cam1", "cam10", "cam")) {
            for (long seq : new long[]{0, 1, 255, 256, 65_536, 1L << 40}) {
                keys.add(FrameKeys.key(FrameKeys.prefix(camera), seq));
            }
        }
        byte[] cam1 = FrameKeys.prefix("cam1");
        var range = keys.subSet(FrameKeys.first(cam1), true, FrameKeys.last(cam1), true);
        assertThat(range).hasSize(6);
        assertThat(range).allSatisfy(k -> assertThat(FrameKeys.streamKey(k)).isEqualTo("cam1"));
        assertThat(range.stream().map(FrameKeys::sequence).toList())
                .containsExactly(0L, 1L, 255L, 256L, 65_536L, 1L << 40);
    }

    @Test
    void negativeSequencesAreRefused() {
        assertThatThrownBy(() -> FrameKeys.key(FrameKeys.prefix("c"), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
