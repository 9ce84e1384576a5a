package io.actionwatch.benchmark.soak;

import io.actionwatch.inference.model.ClipGeometry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClipLedgerTest {

    /** The reference card's geometry: 8 sampled frames, every 2nd frame sampled, a clip every 8 sampled frames. */
    private static final ClipGeometry GEOMETRY = new ClipGeometry(8, 2, 8);

    private static BitSet frames(int count) {
        BitSet frames = new BitSet();
        frames.set(0, count);
        return frames;
    }

    private static ClipLedger.ClipEvent event(String camera, long clip) {
        return new ClipLedger.ClipEvent(camera, GEOMETRY.firstSequence(clip), GEOMETRY.lastSequence(clip));
    }

    @Test
    void everyCompleteClipWithOneEventIsNeitherLostNorDuplicated() {
        // 64 frames: clips 0..3 end at sequences 14, 30, 46, 62, so all four are complete.
        List<ClipLedger.ClipEvent> events = new ArrayList<>();
        for (long clip = 0; clip < 4; clip++) {
            events.add(event("cam-1", clip));
        }
        ClipLedger.Result result = ClipLedger.count(GEOMETRY, Map.of("cam-1", frames(64)), events);

        assertThat(result.frames()).isEqualTo(64);
        assertThat(result.expectedClips()).isEqualTo(4);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicates()).isZero();
        assertThat(result.extraClips()).isZero();
    }

    @Test
    void aClipWithoutEventIsLostAndASecondEventIsADuplicate() {
        List<ClipLedger.ClipEvent> events = List.of(event("cam-1", 0), event("cam-1", 1), event("cam-1", 1),
                event("cam-1", 1), event("cam-1", 3));
        ClipLedger.Result result = ClipLedger.count(GEOMETRY, Map.of("cam-1", frames(64)), events);

        ClipLedger.CameraCount camera = result.cameras().get(0);
        assertThat(camera.expectedClips()).isEqualTo(4);
        assertThat(camera.lost()).isEqualTo(1);
        assertThat(camera.firstLost()).containsExactly(GEOMETRY.firstSequence(2));
        assertThat(camera.duplicates()).isEqualTo(2);
    }

    @Test
    void onlyClipsWhoseSampledFramesAreAllOnTheTopicAreExpected() {
        BitSet cam1 = frames(64);
        cam1.clear(20);   // sampled, in clip 1: clip 1 is incomplete
        cam1.clear(21);   // not sampled: clip 2 stays complete
        BitSet cam2 = frames(40); // clip 2 would end at 46: only clips 0 and 1 are on the topic
        List<ClipLedger.ClipEvent> events = List.of(event("cam-1", 0), event("cam-1", 1), event("cam-1", 2),
                event("cam-1", 3), event("cam-2", 0));
        ClipLedger.Result result = ClipLedger.count(GEOMETRY, Map.of("cam-1", cam1, "cam-2", cam2), events);

        assertThat(result.cameras()).extracting(ClipLedger.CameraCount::cameraId).containsExactly("cam-1", "cam-2");
        ClipLedger.CameraCount first = result.cameras().get(0);
        assertThat(first.expectedClips()).isEqualTo(3);
        assertThat(first.lost()).isZero();
        assertThat(first.extraClips()).isEqualTo(1); // clip 1 had a frame filled: allowed, not expected
        ClipLedger.CameraCount second = result.cameras().get(1);
        assertThat(second.expectedClips()).isEqualTo(2);
        assertThat(second.lost()).isEqualTo(1);
        assertThat(result.lost()).isEqualTo(1);
    }

    @Test
    void anEventOutsideTheGeometryIsMisalignedNotCounted() {
        List<ClipLedger.ClipEvent> events = List.of(event("cam-1", 0), new ClipLedger.ClipEvent("cam-1", 2, 16));
        ClipLedger.Result result = ClipLedger.count(GEOMETRY, Map.of("cam-1", frames(16)), events);

        assertThat(result.misaligned()).isEqualTo(1);
        assertThat(result.duplicates()).isZero();
        assertThat(result.lost()).isZero();
    }
}
