package io.actionwatch.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UntrustedTextTest {

    @Test
    void shortPrintableValuesPassUnchanged() {
        String id = "cam-1";
        assertThat(UntrustedText.excerpt(id)).isSameAs(id);
        String longest = "c".repeat(UntrustedText.MAX_CHARS);
        assertThat(UntrustedText.excerpt(longest)).isSameAs(longest);
        assertThat(UntrustedText.excerpt("Süd-カメラ")).isEqualTo("Süd-カメラ");
        assertThat(UntrustedText.excerpt(null)).isEqualTo("null");
    }

    @Test
    void longValuesAreCutAndSayHowMuchWasCut() {
        String excerpt = UntrustedText.excerpt("a".repeat(10_000));
        assertThat(excerpt).isEqualTo("a".repeat(UntrustedText.MAX_CHARS) + "...(9872 more chars)");
        assertThat(UntrustedText.excerpt("b".repeat(UntrustedText.MAX_CHARS + 1))).endsWith("...(1 more chars)");
    }

    @Test
    void lineBreakingAndInvisibleCharactersAreEscaped() {
        assertThat(UntrustedText.excerpt("cam\nWARN forged line")).isEqualTo("cam\\u000AWARN forged line");
        assertThat(UntrustedText.excerpt("a\rb\u0000c")).isEqualTo("a\\u000Db\\u0000c");
        assertThat(UntrustedText.excerpt("x\u202Ey\u2028z")).isEqualTo("x\\u202Ey\\u2028z");
        assertThat(UntrustedText.excerpt("lone\uD800")).isEqualTo("lone\\uD800");
        assertThat(UntrustedText.excerpt("emoji \uD83D\uDCF7")).isEqualTo("emoji \uD83D\uDCF7");
    }

    @Test
    void escapesCountAsOneCharacterOfTheBudget() {
        String excerpt = UntrustedText.excerpt("\n".repeat(200));
        assertThat(excerpt).isEqualTo("\\u000A".repeat(UntrustedText.MAX_CHARS) + "...(72 more chars)");
        assertThat(excerpt).doesNotContain("\n");
    }
}
