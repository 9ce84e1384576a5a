package io.actionwatch.inference.event;

import io.actionwatch.inference.testing.TestCards;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.LabelScore;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ActionEventFactoryTest {

    private final ClipSummary clip = new ClipSummary("cam-1", 3, 48, 62, 4, 1, 1_000L, 1_900L, "waving");

    @Test
    void buildsTheEventFromLogitsWithSoftmaxTopKAndTimings() {
        ActionEventFactory factory = new ActionEventFactory(TestCards.card(4, 2, 4), 2);
        ActionEvent event = factory.create(clip, new float[]{0f, 1f, 3f, 1f}, 2_000L, 12.5f, 3);
        double denominator = 1 + 2 * Math.E + Math.exp(3);
        assertThat(event.getLabel()).isEqualTo("waving");
        assertThat((double) event.getScore()).isCloseTo(Math.exp(3) / denominator, within(1e-6));
        assertThat(event.getTopK()).extracting(LabelScore::getLabel).containsExactly("waving", "walking_right");
        assertThat((double) event.getTopK().get(1).getScore()).isCloseTo(Math.E / denominator, within(1e-6));
        assertThat(event.getCameraId()).isEqualTo("cam-1");
        assertThat(event.getFirstSequence()).isEqualTo(48);
        assertThat(event.getLastSequence()).isEqualTo(62);
        assertThat(event.getFrameCount()).isEqualTo(4);
        assertThat(event.getMissingFrames()).isEqualTo(1);
        assertThat(event.getClipStartTime()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(event.getClipEndTime()).isEqualTo(Instant.ofEpochMilli(1_900));
        assertThat(event.getGroundTruth()).isEqualTo("waving");
        assertThat(event.getModelName()).isEqualTo("test-model");
        assertThat(event.getModelVersion()).isEqualTo("1.0.0");
        assertThat(event.getEmitTime()).isEqualTo(Instant.ofEpochMilli(2_000));
        assertThat(event.getCaptureToEmitMillis()).isEqualTo(100);
        assertThat(event.getInferenceMillis()).isEqualTo(12.5f);
        assertThat(event.getBatchSize()).isEqualTo(3);
    }

    @Test
    void topKIsCappedAtTheNumberOfLabels() {
        ActionEvent event = new ActionEventFactory(TestCards.card(4, 2, 4), 10)
                .create(clip, new float[]{4f, 3f, 2f, 1f}, 2_000L, 1f, 1);
        assertThat(event.getTopK()).extracting(LabelScore::getLabel)
                .containsExactly("walking_left", "walking_right", "waving", "falling_down");
        assertThat(event.getTopK().stream().mapToDouble(LabelScore::getScore).sum()).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void eventIdsDependOnClipAndModelOnly() {
        String id = EventIds.of("cam-1", 48, 62, 1_000L, "test-model", "1.0.0");
        assertThat(EventIds.of("cam-1", 48, 62, 1_000L, "test-model", "1.0.0")).isEqualTo(id);
        assertThat(EventIds.of("cam-2", 48, 62, 1_000L, "test-model", "1.0.0")).isNotEqualTo(id);
        assertThat(EventIds.of("cam-1", 50, 62, 1_000L, "test-model", "1.0.0")).isNotEqualTo(id);
        assertThat(EventIds.of("cam-1", 48, 64, 1_000L, "test-model", "1.0.0")).isNotEqualTo(id);
        assertThat(EventIds.of("cam-1", 48, 62, 1_000L, "test-model", "1.0.1")).isNotEqualTo(id);
        assertThat(EventIds.of("cam-1", 48, 62, 1_000L, "other", "1.0.0")).isNotEqualTo(id);
        // A camera that restarted its numbering repeats sequence ranges, at other capture times.
        assertThat(EventIds.of("cam-1", 48, 62, 90_000L, "test-model", "1.0.0")).isNotEqualTo(id);
        // Field boundaries cannot be shifted to forge the same name.
        assertThat(EventIds.of("a|1", 2, 3, 4, "m", "v")).isNotEqualTo(EventIds.of("a", 1, 2, 3, "4|m", "v"));
        ActionEvent event = new ActionEventFactory(TestCards.card(4, 2, 4), 1)
                .create(clip, new float[]{1, 2, 3, 4}, 5_000L, 1f, 1);
        assertThat(event.getEventId()).isEqualTo(id);
    }

    @Test
    void personIdsSeparatePeopleInTheSameClipAndLeaveWholeFrameIdsAlone() {
        String wholeFrame = EventIds.of("cam-1", 48, 62, 1_000L, "test-model", "1.0.0");
        String first = EventIds.ofPerson("cam-1", 1, 48, 62, 1_000L, "test-model", "1.0.0");
        assertThat(EventIds.ofPerson("cam-1", 1, 48, 62, 1_000L, "test-model", "1.0.0")).isEqualTo(first);
        assertThat(EventIds.ofPerson("cam-1", 2, 48, 62, 1_000L, "test-model", "1.0.0")).isNotEqualTo(first);
        assertThat(first).isNotEqualTo(wholeFrame);
        // The whole-frame name is what it was before tracks existed (events already on topics keep their ids).
        assertThat(wholeFrame).isEqualTo(java.util.UUID.nameUUIDFromBytes(
                "5:cam-1|48|62|1000|10:test-model|1.0.0".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString());
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        float[] out = new float[3];
        Softmax.apply(new float[]{1000f, 1000f, -1000f}, out);
        assertThat(out[0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(out[1]).isCloseTo(0.5f, within(1e-6f));
        assertThat(out[2]).isCloseTo(0f, within(1e-6f));
    }
}
