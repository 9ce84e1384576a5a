package io.actionwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.Posture;
import io.actionwatch.ingest.scene.SceneSettings;
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
                assertThat(frame.metadata()).containsOnlyKeys(SyntheticSource.LABEL, SyntheticSource.POSTURE);
                assertThat(postures).contains(frame.metadata().get(SyntheticSource.POSTURE));
                labels.add(frame.metadata().get(SyntheticSource.LABEL));
            }
        }
        assertThat(labels).containsExactlyInAnyOrderElementsOf(Action.labels());
    }
}
