package io.actionwatch.inference.schedule;

import io.actionwatch.inference.model.ClipGeometry;
import org.junit.jupiter.api.Test;

import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class ClipSchedulerTest {

    /** Clip k covers sequences 8k, 8k+2, 8k+4, 8k+6; grace 2; one frame of four may be missing. */
    private final ClipScheduler scheduler = new ClipScheduler(new ClipGeometry(4, 2, 4), 2, 1, 100);

    @Test
    void aCompleteClipIsReadyWithoutWaitingForTheGrace() {
        assertThat(scheduler.decide(0, 6, stored(0, 2, 4, 6))).isEqualTo(new ClipDecision.Ready(0));
    }

    @Test
    void anIncompleteClipWaitsUntilAFrameBeyondItsEndPlusTheGraceArrives() {
        assertThat(scheduler.decide(0, 8, stored(0, 2, 6, 8))).as("8 = last 6 + grace 2: within the grace")
                .isEqualTo(ClipDecision.WAIT);
        assertThat(scheduler.decide(0, 9, stored(0, 2, 6, 8))).as("one missing of four may be filled")
                .isEqualTo(new ClipDecision.Ready(0));
    }

    @Test
    void aClipPastTheGraceMissingTooManyFramesIsSkippedAlone() {
        ClipDecision decision = scheduler.decide(0, 9, stored(0, 6, 8));
        assertThat(decision).isEqualTo(new ClipDecision.Skip(0, 1, 2));
        assertThat(((ClipDecision.Skip) decision).empty()).isFalse();
    }

    @Test
    void aClipWithNoFramesSkipsTheRunOfEmptyClipsInOneDecision() {
        // Highest 40: clip 4 (32..38) is the first still within the grace, and nothing is stored before it.
        ClipDecision toGrace = scheduler.decide(1, 40, stored(40));
        assertThat(toGrace).isEqualTo(new ClipDecision.Skip(1, 4, 0));
        assertThat(((ClipDecision.Skip) toGrace).empty()).isTrue();
        assertThat(scheduler.decide(1, 40, stored())).isEqualTo(new ClipDecision.Skip(1, 4, 0));
        // A stored frame at 24 belongs to clip 3 (24..30): the run stops there.
        assertThat(scheduler.decide(1, 40, stored(24, 40))).isEqualTo(new ClipDecision.Skip(1, 3, 0));
    }

    @Test
    void aNewStreamStartsAtTheEarliestClipItsFirstFrameCouldStillShare() {
        assertThat(scheduler.startClip(0)).isEqualTo(0);
        assertThat(scheduler.startClip(9)).as("8 may still arrive within the grace: clip 1 (8..14)").isEqualTo(1);
        assertThat(scheduler.startClip(17)).as("16 may still arrive: clip 2 (16..22)").isEqualTo(2);
        assertThat(scheduler.startClip(22)).as("clip 2 starts at 16, further back than the grace").isEqualTo(3);
    }

    @Test
    void aReplayStreamStartsAtTheFirstClipWhollyAfterItsFirstFrame() {
        ClipScheduler replay = new ClipScheduler(new ClipGeometry(4, 2, 4), 2, 1, 100, StreamStart.FIRST_WHOLE_CLIP);
        assertThat(replay.startClip(0)).isEqualTo(0);
        assertThat(replay.startClip(8)).isEqualTo(1);
        assertThat(replay.startClip(9)).as("clip 1 (8..14) would lack 8").isEqualTo(2);
        assertThat(replay.startClip(16)).isEqualTo(2);
    }

    @Test
    void aFrameIsLateOnceEveryClipUsingItWasDecided() {
        assertThat(scheduler.isLate(6, 1)).isTrue();
        assertThat(scheduler.isLate(8, 1)).isFalse();
        ClipScheduler overlapping = new ClipScheduler(new ClipGeometry(8, 1, 4), 2, 2, 100);
        assertThat(overlapping.isLate(5, 1)).as("clip 1 (4..11) still uses 5").isFalse();
        assertThat(overlapping.isLate(3, 1)).isTrue();
    }

    @Test
    void forEpochZeroOnlyAFrameFurtherBehindThanTheRestartGapMeansARestart() {
        assertThat(scheduler.runChange(0, 200, 0, 100)).isEqualTo(RunChange.SAME_RUN);
        assertThat(scheduler.runChange(0, 200, 0, 99)).isEqualTo(RunChange.RESTARTED);
        assertThat(scheduler.runChange(0, -1, 0, 0)).as("a stream's first frame").isEqualTo(RunChange.SAME_RUN);
        assertThat(scheduler.runChange(0, Long.MIN_VALUE, 0, 5)).as("no frame yet").isEqualTo(RunChange.SAME_RUN);
    }

    @Test
    void withinAStampedEpochNoSequenceMeansARestart() {
        long epoch = 1_900_000_000_000L;
        assertThat(scheduler.runChange(epoch, 1100, epoch, 1)).as("a stray frame far behind")
                .isEqualTo(RunChange.SAME_RUN);
        assertThat(scheduler.runChange(epoch, 1100, epoch, 1101)).isEqualTo(RunChange.SAME_RUN);
    }

    @Test
    void aNewerEpochIsARestartAndAnOlderOneIsStale() {
        long epoch = 1_900_000_000_000L;
        assertThat(scheduler.runChange(epoch, 1100, epoch + 1, 0)).isEqualTo(RunChange.RESTARTED);
        assertThat(scheduler.runChange(epoch, 10, epoch + 1, 5000)).as("whatever its sequence")
                .isEqualTo(RunChange.RESTARTED);
        assertThat(scheduler.runChange(0, 1100, epoch, 1101)).as("a producer that gained epochs restarted")
                .isEqualTo(RunChange.RESTARTED);
        assertThat(scheduler.runChange(epoch, 1100, epoch - 1, 1101)).isEqualTo(RunChange.STALE_EPOCH);
        assertThat(scheduler.runChange(epoch, 1100, 0, 0)).as("0 is older than any stamped epoch")
                .isEqualTo(RunChange.STALE_EPOCH);
    }

    private static NavigableSet<Long> stored(long... sequences) {
        return LongStream.of(sequences).boxed().collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
    }
}
