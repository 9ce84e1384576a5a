package io.actionwatch.launcher.dashboard;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceSheetTest {

    @Test
    void evenlySpacedKeepsTheFirstAndLastFrame() {
        List<Integer> frames = IntStream.range(0, 31).boxed().toList();
        assertThat(EvidenceSheet.evenlySpaced(frames, 6)).containsExactly(0, 6, 12, 18, 24, 30);
        assertThat(EvidenceSheet.evenlySpaced(List.of(1, 2), 6)).containsExactly(1, 2);
    }

    @Test
    void theStripPutsFramesSideBySideInOrderKeepingTheirAspect() throws Exception {
        List<Color> colours = List.of(Color.RED, Color.GREEN, Color.BLUE);
        List<BufferedImage> frames = colours.stream().map(colour -> solid(320, 240, colour)).toList();

        BufferedImage strip = ImageIO.read(new ByteArrayInputStream(EvidenceSheet.strip(frames)));

        assertThat(strip.getWidth()).isEqualTo(3 * EvidenceSheet.FRAME_WIDTH);
        assertThat(strip.getHeight()).isEqualTo(EvidenceSheet.FRAME_WIDTH * 240 / 320);
        for (int i = 0; i < colours.size(); i++) {
            int centre = strip.getRGB(i * EvidenceSheet.FRAME_WIDTH + EvidenceSheet.FRAME_WIDTH / 2,
                    strip.getHeight() / 2);
            assertThat(centre & 0xFFFFFF).as("frame %d", i).isEqualTo(colours.get(i).getRGB() & 0xFFFFFF);
        }
    }

    private static BufferedImage solid(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }
}
