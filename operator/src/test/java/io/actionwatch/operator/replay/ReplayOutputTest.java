package io.actionwatch.operator.replay;

import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.topics.Topics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayOutputTest {

    private static final ModelCard REFERENCE = ModelDirectory.open(Path.of("..", "model", "reference")).card();
    private static final ModelCard BASELINE = ModelDirectory.open(Path.of("..", "model", "reference"),
            "baseline-card.json").card();

    @Test
    void theDefaultTopicIsNamedAfterTheModelAndVersion() {
        assertThat(ReplayOutput.choose(null, REFERENCE, false))
                .isEqualTo("actions.replay.mobilevit-xxs-st-adapter-" + REFERENCE.version() + ".v1");
        assertThat(ReplayOutput.choose(null, BASELINE, false))
                .isEqualTo("actions.replay.mobilevit-xxs-avgpool-" + BASELINE.version() + ".v1");
        assertThat(ReplayOutput.choose("my.topic", REFERENCE, false)).isEqualTo("my.topic");
    }

    @Test
    void theLiveActionsTopicOnlyWhenAskedForAndThePipelinesOtherTopicsNever() {
        assertThatThrownBy(() -> ReplayOutput.choose(Topics.ACTIONS, REFERENCE, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--into-live-actions");
        assertThat(ReplayOutput.choose(Topics.ACTIONS, REFERENCE, true)).isEqualTo(Topics.ACTIONS);
        for (String topic : new String[]{Topics.FRAMES, Topics.DEAD_LETTERS, Topics.ALERTS}) {
            assertThatThrownBy(() -> ReplayOutput.choose(topic, REFERENCE, true))
                    .hasMessageContaining("one of the pipeline's own topics");
        }
    }

    @Test
    void everyReplayHasItsOwnLegalApplicationId() {
        Instant t = Instant.parse("2026-05-01T12:00:00Z");
        String first = ReplayNames.applicationId(REFERENCE, t);
        assertThat(first).startsWith("actionwatch-replay-mobilevit-xxs-st-adapter-").contains("-20260501T120000Z-")
                .matches("[a-zA-Z0-9._-]+");
        assertThat(ReplayNames.applicationId(REFERENCE, t)).isNotEqualTo(first);
    }
}
