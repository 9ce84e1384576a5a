package io.actionwatch.operator.export;

import static io.actionwatch.operator.export.ClipTestData.START;
import static io.actionwatch.operator.export.ClipTestData.filled;
import static io.actionwatch.operator.export.ClipTestData.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

class AnimatedGifTest {

    @Test
    void writesEveryFrameWithItsDelayAndLoops() throws Exception {
        List<BufferedImage> frames = List.of(filled(32, 24, Color.RED), filled(32, 24, Color.GREEN),
                filled(32, 24, Color.BLUE), filled(32, 24, Color.WHITE));
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        AnimatedGif.write(frames, 4, gif);

        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(gif.toByteArray()))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            try {
                reader.setInput(input);
                assertThat(reader.getNumImages(true)).isEqualTo(4);
                List<String> delays = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    delays.add(attribute(reader, i, "GraphicControlExtension", "delayTime"));
                    BufferedImage image = reader.read(i);
                    assertThat(image.getWidth()).isEqualTo(32);
                    assertThat(image.getRGB(10, 10) & 0xFFFFFF).isEqualTo(frames.get(i).getRGB(10, 10) & 0xFFFFFF);
                }
                assertThat(delays).containsOnly("4");
                assertThat(attribute(reader, 0, "ApplicationExtension", "applicationID")).isEqualTo("NETSCAPE");
            } finally {
                reader.dispose();
            }
        }
    }

    @Test
    void frameIntervalIsTheClipsOwnOverItsSequenceNumbers() {
        // 40 ms apart, the middle one missing: still 40 ms a frame, not 80.
        List<ClipFrame> frames = List.of(frame(0, 4, 3, Color.RED), ClipFrame.missing(101), frame(2, 4, 3, Color.RED));
        assertThat(AnimatedGif.frameInterval(frames)).isEqualTo(Duration.ofMillis(40));
        assertThat(AnimatedGif.delayCentis(Duration.ofMillis(40))).isEqualTo(4);
    }

    @Test
    void fewerThanTwoTimedFramesPlayAtTheDefaultRate() {
        assertThat(AnimatedGif.frameInterval(List.of(frame(0, 4, 3, Color.RED), ClipFrame.missing(101))))
                .isEqualTo(AnimatedGif.DEFAULT_INTERVAL);
    }

    @Test
    void delaysTooShortForBrowsersAreRaisedToTheirMinimum() {
        assertThat(AnimatedGif.delayCentis(Duration.ofMillis(8))).isEqualTo(AnimatedGif.MIN_DELAY_CENTIS);
        assertThat(AnimatedGif.delayCentis(Duration.ofMillis(66))).isEqualTo(7);
    }

    private static String attribute(ImageReader reader, int image, String element, String name) throws Exception {
        Node root = reader.getImageMetadata(image).getAsTree("javax_imageio_gif_image_1.0");
        return find((IIOMetadataNode) root, element).getAttribute(name);
    }

    private static IIOMetadataNode find(IIOMetadataNode node, String name) {
        if (node.getNodeName().equals(name)) {
            return node;
        }
        for (int i = 0; i < node.getLength(); i++) {
            IIOMetadataNode found = find((IIOMetadataNode) node.item(i), name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
