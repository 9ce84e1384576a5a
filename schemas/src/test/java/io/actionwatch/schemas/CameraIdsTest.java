package io.actionwatch.schemas;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CameraIdsTest {

    @Test
    void acceptsOrdinaryIdsUpToTheLimit() {
        assertThat(CameraIds.problem("cam-1")).isEmpty();
        assertThat(CameraIds.problem("entrance/north_2")).isEmpty();
        assertThat(CameraIds.problem("Eingang-Süd-カメラ")).isEmpty();
        assertThat(CameraIds.problem("x".repeat(CameraIds.MAX_LENGTH))).isEmpty();
        // Characters beyond the BMP count once, as people count them.
        assertThat(CameraIds.problem("\uD83D\uDCF7".repeat(CameraIds.MAX_LENGTH))).isEmpty();
        assertThat(CameraIds.isValid("cam-1")).isTrue();
    }

    @Test
    void refusesEmptyAndOverlongIdsWithoutQuotingThem() {
        assertThat(CameraIds.problem("")).contains("camera id is empty");
        assertThat(CameraIds.problem(null)).contains("camera id is empty");
        assertThat(CameraIds.problem("x".repeat(CameraIds.MAX_LENGTH + 1))).get().asString()
                .contains("129 characters").contains("at most 128");
        String huge = "y".repeat(10_000);
        assertThat(CameraIds.problem(huge)).get().asString().contains("10000 characters").doesNotContain("yyy");
        assertThat(CameraIds.isValid(huge)).isFalse();
    }

    @Test
    void refusesControlFormatAndWhitespaceCharactersNamingTheCodePoint() {
        assertThat(CameraIds.problem("cam\n1")).get().asString()
                .contains("control character U+000A at position 3");
        assertThat(CameraIds.problem("cam\u00851")).get().asString().contains("control character U+0085");
        assertThat(CameraIds.problem("cam\u0007")).get().asString().contains("U+0007");
        assertThat(CameraIds.problem("cam 1")).get().asString().contains("whitespace character U+0020");
        assertThat(CameraIds.problem("cam-1 ")).get().asString().contains("whitespace");
        assertThat(CameraIds.problem("\tcam")).get().asString().contains("control character U+0009 at position 0");
        assertThat(CameraIds.problem("cam\u00A01")).get().asString().contains("whitespace character U+00A0");
        assertThat(CameraIds.problem("cam\u2028")).get().asString().contains("whitespace");
        assertThat(CameraIds.problem("cam\u202E1")).get().asString().contains("format character U+202E");
        assertThat(CameraIds.problem("cam\u200B")).get().asString().contains("format character U+200B");
        assertThat(CameraIds.problem("cam\uD800")).get().asString().contains("unpaired surrogate U+D800");
    }
}
