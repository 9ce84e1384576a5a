package io.actionwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameLimitsTest {

    @Test
    void acceptsCodecsUpToTheLimit() {
        assertThat(FrameLimits.codecProblem("jpeg")).isEmpty();
        assertThat(FrameLimits.codecProblem("c".repeat(FrameLimits.MAX_CODEC_CHARS))).isEmpty();
    }

    @Test
    void refusesALongerCodecNamingItsLengthNotItsText() {
        assertThat(FrameLimits.codecProblem("c".repeat(FrameLimits.MAX_CODEC_CHARS + 1))).get().asString()
                .isEqualTo("codec is 17 characters long; at most 16 are allowed");
        assertThat(FrameLimits.codecProblem("x".repeat(1_000_000))).get().asString().contains("1000000 characters")
                .doesNotContain("xx");
        assertThat(FrameLimits.codecProblem(null)).contains("codec is missing");
    }

    @Test
    void acceptsWhatCamerasWriteAndMetadataAtEveryLimit() {
        assertThat(FrameLimits.metadataProblem(Map.of())).isEmpty();
        assertThat(FrameLimits.metadataProblem(null)).isEmpty();
        assertThat(FrameLimits.metadataProblem(Map.of(SceneTruth.LABEL, "waving", SceneTruth.personBox(3),
                "0.3662,0.3540,0.8254,0.3820", "source", "Frame 0001 (copy).jpg"))).isEmpty();
        Map<String, String> full = new HashMap<>();
        for (int i = 0; i < FrameLimits.MAX_METADATA_ENTRIES; i++) {
            full.put("k" + i, "v");
        }
        assertThat(FrameLimits.metadataProblem(full)).isEmpty();
        assertThat(FrameLimits.metadataProblem(Map.of("k".repeat(FrameLimits.MAX_METADATA_KEY_CHARS),
                "v".repeat(FrameLimits.MAX_METADATA_VALUE_CHARS)))).isEmpty();
        // 16 entries of 1 + 1023 bytes: exactly the total.
        Map<String, String> total = new HashMap<>();
        for (int i = 0; i < 16; i++) {
            total.put(Integer.toHexString(i), "v".repeat(1023));
        }
        assertThat(FrameLimits.metadataProblem(total)).isEmpty();
        // Characters beyond the BMP count once, as people count them.
        assertThat(FrameLimits.metadataProblem(Map.of("\uD83D\uDCF7".repeat(FrameLimits.MAX_METADATA_KEY_CHARS),
                "x"))).isEmpty();
    }

    @Test
    void refusesTooManyEntries() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= FrameLimits.MAX_METADATA_ENTRIES; i++) {
            many.put("k" + i, "v");
        }
        assertThat(FrameLimits.metadataProblem(many))
                .contains("metadata has 65 entries; at most 64 are allowed");
    }

    @Test
    void refusesLongKeysAndValuesNamingTheLimitAndExcerptingOnlyTheKey() {
        String longKey = "k".repeat(10_000);
        assertThat(FrameLimits.metadataProblem(Map.of(longKey, "v"))).get().asString()
                .startsWith("metadata key is 10000 characters long; at most 128 are allowed (key: kkk")
                .contains("(9872 more chars)").hasSizeLessThan(300);
        assertThat(FrameLimits.metadataProblem(Map.of("note", "v".repeat(1025)))).get().asString()
                .isEqualTo("metadata value of key note is 1025 characters long; at most 1024 are allowed");
        assertThat(FrameLimits.metadataProblem(Map.of("", "v"))).contains("metadata has an empty key");
    }

    @Test
    void refusesMoreBytesInAllThanTheTotalCountingUtf8() {
        Map<String, String> total = new HashMap<>();
        for (int i = 0; i < 16; i++) {
            total.put(Integer.toHexString(i), "v".repeat(1023));
        }
        total.put("g", "\u00e9"); // two bytes in UTF-8
        assertThat(FrameLimits.metadataProblem(total))
                .contains("metadata is 16387 bytes (keys and values, UTF-8); at most 16384 are allowed");
    }

    @Test
    void refusesUnprintableKeysAndValuesNamingTheCharacterNotEchoingIt() {
        assertThat(FrameLimits.metadataProblem(Map.of("la\nbel", "x"))).get().asString()
                .isEqualTo("metadata key has a control character U+000A at position 2; keys must be printable and "
                        + "without whitespace (key: la\\u000Abel)");
        assertThat(FrameLimits.metadataProblem(Map.of("my key", "x"))).get().asString()
                .contains("whitespace character U+0020 at position 2");
        assertThat(FrameLimits.metadataProblem(Map.of("label\u202E", "x"))).get().asString()
                .contains("format character U+202E");
        assertThat(FrameLimits.metadataProblem(Map.of("label", "wav\ning"))).get().asString()
                .isEqualTo("metadata value of key label has a control character U+000A at position 3; values must be "
                        + "printable text");
        assertThat(FrameLimits.metadataProblem(Map.of("label", "a\u2028b"))).get().asString()
                .contains("line separator U+2028");
        assertThat(FrameLimits.metadataProblem(Map.of("label", "a\u200Bb"))).get().asString()
                .contains("format character U+200B");
        assertThat(FrameLimits.metadataProblem(Map.of("label", "a\uD800"))).get().asString()
                .contains("unpaired surrogate U+D800");
        assertThat(FrameLimits.metadataProblem(Map.of("label", "two words, \u00e9t\u00e9"))).isEmpty();
    }
}
