package io.actionwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneTruthTest {

    @Test
    void keysNameThePerson() {
        assertThat(SceneTruth.personLabel(0)).isEqualTo("person.0.label");
        assertThat(SceneTruth.personPosture(2)).isEqualTo("person.2.posture");
        assertThat(SceneTruth.personBox(3)).isEqualTo("person.3.box");
    }

    @Test
    void boxesRoundTripWithFourDecimalsInAnyLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // a decimal comma must not leak into the value
            String text = SceneTruth.formatBox(new float[] {0.25f, 0.1f, 0.912345f, 1f});
            assertThat(text).isEqualTo("0.2500,0.1000,0.9123,1.0000");
            assertThat(SceneTruth.parseBox(text)).containsExactly(0.25f, 0.1f, 0.9123f, 1f);
        } finally {
            Locale.setDefault(before);
        }
        assertThatThrownBy(() -> SceneTruth.parseBox("0.1,0.2,0.3")).hasMessageContaining("yMin,xMin,yMax,xMax");
        assertThatThrownBy(() -> SceneTruth.parseBox("0.1,0.2,0.3,x")).hasMessageContaining("0.1,0.2,0.3,x");
    }

    @Test
    void countsThePeopleWithABox() {
        assertThat(SceneTruth.people(Map.of("label", "waving"))).isZero();
        assertThat(SceneTruth.people(Map.of(SceneTruth.personBox(0), "b", SceneTruth.personBox(1), "b",
                SceneTruth.personLabel(1), "waving"))).isEqualTo(2);
    }
}
