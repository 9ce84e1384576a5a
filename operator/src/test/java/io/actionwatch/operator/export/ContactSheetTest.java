package io.actionwatch.operator.export;

import static io.actionwatch.operator.export.ClipTestData.START;
import static io.actionwatch.operator.export.ClipTestData.clip;
import static io.actionwatch.operator.export.ClipTestData.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actionwatch.schemas.Person;
import java.awt.Color;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContactSheetTest {

    private static final ClipCaption CAPTION = new ClipCaption(ZoneOffset.UTC);

    @Test
    void layoutPutsFramesInRowsUnderTheCaption() {
        SheetLayout layout = new SheetLayout(7, 3, 100, 75, 16, 4, 8);
        assertThat(layout.rows()).isEqualTo(3);
        assertThat(layout.width()).isEqualTo(8 + 3 * 108);
        assertThat(layout.captionHeight()).isEqualTo(8 + 4 * 16);
        assertThat(layout.height()).isEqualTo(72 + 8 + 3 * (75 + 16 + 8));
        assertThat(layout.tile(0)).isEqualTo(new Point(8, 80));
        assertThat(layout.tile(2)).isEqualTo(new Point(8 + 2 * 108, 80));
        assertThat(layout.tile(3)).isEqualTo(new Point(8, 80 + 99));
        assertThat(layout.tile(6)).isEqualTo(new Point(8, 80 + 2 * 99));
        assertThatThrownBy(() -> layout.tile(7)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void fewerFramesThanColumnsMakeANarrowerSheet() {
        assertThat(new SheetLayout(2, 4, 100, 75, 16, 3, 8).width()).isEqualTo(8 + 2 * 108);
    }

    @Test
    void defaultColumnsKeepTheSheetAboutSquare() {
        assertThat(SheetLayout.defaultColumns(1)).isEqualTo(1);
        assertThat(SheetLayout.defaultColumns(4)).isEqualTo(2);
        assertThat(SheetLayout.defaultColumns(16)).isEqualTo(4);
        assertThat(SheetLayout.defaultColumns(17)).isEqualTo(5);
    }

    @Test
    void captionNamesCameraSpanLabelScoreModelPersonAndMissingFrames() {
        Person person = new Person(4L, 0.1f, 0.2f, 0.9f, 0.6f, 0.8f);
        List<ClipFrame> frames = List.of(frame(0, 8, 6, Color.RED), ClipFrame.missing(101), frame(2, 8, 6, Color.RED));
        List<String> lines = CAPTION.lines(clip(3, Optional.of(person)), frames);
        assertThat(lines).containsExactly(
                "camera cam-7 | event e-1",
                "2026-05-01 10:00:00.000 +00:00 to 10:00:00.080 (0.080 s, 3 frames)",
                "falling_down 0.88 | model x3d-s 1.2",
                "person track 4 (box drawn)",
                "1 of 3 frames missing or undecodable (crossed out)");
    }

    @Test
    void captionOfAnAlertWithoutItsEventSaysTheModelIsUnknown() {
        ClipSubject alertOnly = new ClipSubject("alert a-1 (event e-1)", "cam-7", START, START.plusMillis(40),
                Optional.empty(), "falling_down", 0.9f, Optional.empty(), Optional.empty());
        assertThat(CAPTION.lines(alertOnly, List.of(frame(0, 8, 6, Color.RED))))
                .contains("falling_down 0.90 | model unknown (event not found)");
    }

    @Test
    void theAnimationsShortLineNamesCameraLabelAndScore() {
        assertThat(CAPTION.shortLine(clip(3, Optional.empty()))).isEqualTo("cam-7 falling_down 0.88");
    }

    @Test
    void animationFramesAreTheTilesWithTwoLinesUnder() {
        List<ClipFrame> frames = List.of(frame(0, 40, 30, Color.RED), ClipFrame.missing(101));
        SheetPainter painter = new SheetPainter(CAPTION, 40);
        List<BufferedImage> animation = painter.animation(clip(2, Optional.empty()), frames);
        assertThat(animation).hasSize(2);
        int lineHeight = painter.layout(clip(2, Optional.empty()), frames, 0).lineHeight();
        assertThat(animation.get(0).getHeight()).isEqualTo(30 + 2 * lineHeight);
        assertThat(animation.get(0).getRGB(20, 3) & 0xFFFFFF).isEqualTo(Color.RED.getRGB() & 0xFFFFFF);
        assertThat(animation.get(1).getRGB(20, 3) & 0xFFFFFF).isEqualTo(SheetPainter.PLACEHOLDER.getRGB() & 0xFFFFFF);
    }

    @Test
    void frameLabelsGiveSequenceAndCaptureTimeOrWhatIsWrong() {
        assertThat(CAPTION.frameLabel(frame(1, 8, 6, Color.RED))).isEqualTo("#101 10:00:00.040");
        assertThat(CAPTION.frameLabel(ClipFrame.missing(105))).isEqualTo("#105 missing");
        assertThat(CAPTION.frameLabel(ClipFrame.undecodable(106, START.plusMillis(240), "corrupt image")))
                .isEqualTo("#106 10:00:00.240 undecodable");
    }

    @Test
    void sheetDrawsEachFrameInItsTileAndCrossesOutMissingOnes() {
        Color[] colors = {Color.RED, Color.GREEN, Color.BLUE, Color.MAGENTA, Color.ORANGE};
        List<ClipFrame> frames = new ArrayList<>();
        for (int i = 0; i < colors.length; i++) {
            frames.add(i == 3 ? ClipFrame.missing(103) : frame(i, 40, 30, colors[i]));
        }
        SheetPainter painter = new SheetPainter(CAPTION, 40);
        ClipSubject clip = clip(5, Optional.empty());
        SheetLayout layout = painter.layout(clip, frames, 0);
        BufferedImage sheet = painter.sheet(clip, frames, 0);

        assertThat(layout.columns()).isEqualTo(3);
        assertThat(layout.tileHeight()).isEqualTo(30);
        assertThat(sheet.getWidth()).isEqualTo(layout.width());
        assertThat(sheet.getHeight()).isEqualTo(layout.height());
        for (int i = 0; i < colors.length; i++) {
            Point tile = layout.tile(i);
            // Near a corner, off the placeholder's diagonals, to tell a placeholder from a frame.
            int rgb = sheet.getRGB(tile.x + 20, tile.y + 3) & 0xFFFFFF;
            Color expected = i == 3 ? SheetPainter.PLACEHOLDER : colors[i];
            assertThat(rgb).as("tile %d", i).isEqualTo(expected.getRGB() & 0xFFFFFF);
        }
    }

    @Test
    void negativeColumnsAreRefused() {
        SheetPainter painter = new SheetPainter(CAPTION, 40);
        assertThatThrownBy(() -> painter.layout(clip(1, Optional.empty()), List.of(frame(0, 40, 30, Color.RED)), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--columns");
    }
}
