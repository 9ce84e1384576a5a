package io.actionwatch.inference.batch;

import io.actionwatch.inference.model.ClipClassifier;
import io.actionwatch.inference.model.ClipFrames;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipBatcherTest {

    /** A clip whose single frame holds its id; the classifier echoes the id back as its logit. */
    private record Item(int id, boolean clip) implements BatchItem {
        @Override
        public boolean needsInference() {
            return clip;
        }

        @Override
        public float[] frame(int t) {
            return new float[]{id};
        }
    }

    private static class EchoClassifier implements ClipClassifier {
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public int maxBatchSize() {
            return 8;
        }

        @Override
        public float[][] classify(ClipFrames clips) {
            batchSizes.add(clips.clipCount());
            float[][] out = new float[clips.clipCount()][1];
            for (int c = 0; c < clips.clipCount(); c++) {
                out[c][0] = clips.frame(c, 0)[0];
            }
            return out;
        }
    }

    private record Outcome(int id, Float logit, int batchSize) {
    }

    @Test
    void reportsFullAtMaxClipsAndFlushesInOneCallInArrivalOrder() {
        EchoClassifier classifier = new EchoClassifier();
        ClipBatcher<Item> batcher = new ClipBatcher<>(classifier, 3, 1_000);
        assertThat(batcher.add(new Item(1, true), 0)).isFalse();
        assertThat(batcher.add(new Item(2, false), 0)).isFalse();
        assertThat(batcher.add(new Item(3, true), 0)).isFalse();
        assertThat(batcher.add(new Item(4, true), 0)).isTrue();
        assertThatThrownBy(() -> batcher.add(new Item(5, true), 0)).isInstanceOf(IllegalStateException.class);
        List<Outcome> outcomes = new ArrayList<>();
        batcher.flush((item, logits, size, millis) ->
                outcomes.add(new Outcome(item.id(), logits == null ? null : logits[0], size)));
        assertThat(classifier.batchSizes).containsExactly(3);
        assertThat(outcomes).containsExactly(new Outcome(1, 1f, 3), new Outcome(2, null, 3), new Outcome(3, 3f, 3),
                new Outcome(4, 4f, 3));
        assertThat(batcher.isEmpty()).isTrue();
    }

    @Test
    void isDueOnlyOnceTheOldestEntryHasWaitedTheMaximum() {
        ClipBatcher<Item> batcher = new ClipBatcher<>(new EchoClassifier(), 4, 50);
        assertThat(batcher.isDue(1_000)).isFalse();
        batcher.add(new Item(1, true), 100);
        batcher.add(new Item(2, true), 140);
        assertThat(batcher.isDue(149)).isFalse();
        assertThat(batcher.isDue(150)).isTrue();
    }

    @Test
    void aBatchOfOnlySkipsNeedsNoModelCall() {
        EchoClassifier classifier = new EchoClassifier();
        ClipBatcher<Item> batcher = new ClipBatcher<>(classifier, 2, 10);
        batcher.add(new Item(7, false), 0);
        List<Integer> seen = new ArrayList<>();
        batcher.flush((item, logits, size, millis) -> seen.add(item.id()));
        assertThat(seen).containsExactly(7);
        assertThat(classifier.batchSizes).isEmpty();
    }

    @Test
    void batchIsCappedAtTheClassifiersMaximum() {
        EchoClassifier classifier = new EchoClassifier();
        ClipBatcher<Item> batcher = new ClipBatcher<>(classifier, 100, 10);
        for (int i = 0; i < 7; i++) {
            assertThat(batcher.add(new Item(i, true), 0)).isFalse();
        }
        assertThat(batcher.add(new Item(7, true), 0)).isTrue();
    }

    @Test
    void zeroMaxClipsTakesTheClassifiersMaximum() {
        ClipBatcher<Item> batcher = new ClipBatcher<>(new EchoClassifier(), 0, 10);
        for (int i = 0; i < 7; i++) {
            assertThat(batcher.add(new Item(i, true), 0)).isFalse();
        }
        assertThat(batcher.add(new Item(7, true), 0)).isTrue();
        assertThatThrownBy(() -> new ClipBatcher<>(new EchoClassifier(), -1, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void separatesTheModelCallsCpuTimeFromItsWallTime() {
        // A classifier that waits (as a model call starved of a core does) uses wall time but almost no CPU time.
        ClipClassifier waiting = new EchoClassifier() {
            @Override
            public float[][] classify(ClipFrames clips) {
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return super.classify(clips);
            }
        };
        ClipBatcher<Item> batcher = new ClipBatcher<>(waiting, 2, 10);
        batcher.add(new Item(1, true), 0);
        batcher.flush((item, logits, size, millis) -> { });
        assertThat(batcher.lastInferenceMillis()).isGreaterThanOrEqualTo(40f);
        assertThat(batcher.lastInferenceCpuMillis()).isBetween(0f, 20f);

        batcher.add(new Item(2, false), 0);
        batcher.flush((item, logits, size, millis) -> { });
        assertThat(batcher.lastInferenceCpuMillis()).isNaN();
    }
}
