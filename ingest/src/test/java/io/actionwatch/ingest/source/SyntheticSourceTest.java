package io.actionwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.Posture;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.schemas.SceneTruth;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticSourceTest {

    @Test
    void everyFrameCarriesItsTrueActionAndPosture() {
        Set<String> labels = new HashSet<>();
        Set<String> postures = Arrays.stream(Posture.values()).map(Posture::label).collect(Collectors.toSet());
        try (SyntheticSource source = new SyntheticSource(new SceneSettings(64, 48, 15, 2, true))) {
            assertThat(source.describe()).contains("seed=2");
            for (int i = 0; i < 15 * 60 * 4; i++) {
                SourceFrame frame = source.next();
                assertThat(frame.image().getWidth()).isEqualTo(64);
                assertThat(frame.metadata()).containsOnlyKeys(SyntheticSource.LABEL, SyntheticSource.POSTURE,
                        SceneTruth.personLabel(0), SceneTruth.personPosture(0), SceneTruth.personBox(0));
                assertThat(postures).contains(frame.metadata().get(SyntheticSource.POSTURE));
                labels.add(frame.metadata().get(SyntheticSource.LABEL));
                // The one person's truth is the frame's.
                assertThat(frame.metadata().get(SceneTruth.personLabel(0)))
                        .isEqualTo(frame.metadata().get(SyntheticSource.LABEL));
                assertThat(frame.metadata().get(SceneTruth.personPosture(0)))
                        .isEqualTo(frame.metadata().get(SyntheticSource.POSTURE));
            }
        }
        assertThat(labels).containsExactlyInAnyOrderElementsOf(Action.labels());
    }

    @Test
    void aSceneOfSeveralPeopleCarriesEachPersonsTruthAndNoFrameLabel() {
        Set<String> postures = Arrays.stream(Posture.values()).map(Posture::label).collect(Collectors.toSet());
        try (SyntheticSource source = new SyntheticSource(SceneSettings.defaults(7).withPeople(3))) {
            assertThat(source.describe()).contains("seed=7").contains("3 people");
            for (int i = 0; i < 15 * 20; i++) {
                SourceFrame frame = source.next();
                assertThat(frame.metadata()).doesNotContainKeys(SyntheticSource.LABEL, SyntheticSource.POSTURE)
                        .hasSize(9);
                assertThat(SceneTruth.people(frame.metadata())).isEqualTo(3);
                for (int p = 0; p < 3; p++) {
                    assertThat(Action.labels()).contains(frame.metadata().get(SceneTruth.personLabel(p)));
                    assertThat(postures).contains(frame.metadata().get(SceneTruth.personPosture(p)));
                    String box = frame.metadata().get(SceneTruth.personBox(p));
                    assertThat(box).matches("[01]\\.\\d{4},[01]\\.\\d{4},[01]\\.\\d{4},[01]\\.\\d{4}");
                    float[] b = SceneTruth.parseBox(box);
                    assertThat(b[0]).isGreaterThanOrEqualTo(0f).isLessThan(b[2]);
                    assertThat(b[1]).isGreaterThanOrEqualTo(0f).isLessThan(b[3]);
                    assertThat(b[2]).isLessThanOrEqualTo(1f);
                    assertThat(b[3]).isLessThanOrEqualTo(1f);
                }
            }
        }
    }
}
