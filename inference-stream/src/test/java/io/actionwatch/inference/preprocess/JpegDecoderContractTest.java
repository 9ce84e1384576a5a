package io.actionwatch.inference.preprocess;

import io.actionwatch.inference.testing.TestJpegs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link ImageDecoder} must do; one subclass per decoder. */
abstract class JpegDecoderContractTest {

    private ImageDecoder decoder;

    abstract ImageDecoder newDecoder();

    @BeforeEach
    void open() {
        decoder = newDecoder();
    }

    @AfterEach
    void close() {
        decoder.close();
    }

    @Test
    void decodesColoursIntoInterleavedPixelsWithTheirOffsets() throws Exception {
        BufferedImage source = new BufferedImage(16, 8, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                source.setRGB(x, y, 0xC83214); // R=200 G=50 B=20
            }
        }
        byte[] jpeg = TestJpegs.encode(source, 1.0f);
        DecodedImage image = new DecodedImage();
        decoder.decode(jpeg, 0, jpeg.length, image);
        assertThat(image.width()).isEqualTo(16);
        assertThat(image.height()).isEqualTo(8);
        int centre = 4 * image.rowStride() + 3 * 8;
        assertThat(image.data()[centre + image.redOffset()] & 0xFF).isBetween(196, 204);
        assertThat(image.data()[centre + image.greenOffset()] & 0xFF).isBetween(46, 54);
        assertThat(image.data()[centre + image.blueOffset()] & 0xFF).isBetween(16, 24);
    }

    @Test
    void decodesFromAnOffsetIntoALargerArrayAndReusesItsPixelBuffer() throws Exception {
        byte[] jpeg = TestJpegs.flat(10, 6, 77);
        byte[] padded = new byte[jpeg.length + 7];
        System.arraycopy(jpeg, 0, padded, 5, jpeg.length);
        DecodedImage first = new DecodedImage();
        decoder.decode(padded, 5, jpeg.length, first);
        byte[] buffer = first.data();
        assertThat(first.data()[0] & 0xFF).isEqualTo(77);
        DecodedImage second = new DecodedImage();
        decoder.decode(TestJpegs.flat(10, 6, 99), 0, TestJpegs.flat(10, 6, 99).length, second);
        assertThat(second.data()).isSameAs(buffer);
        assertThat(second.data()[0] & 0xFF).isEqualTo(99);
    }

    @Test
    void probeReadsTheSizeFromTheHeader() throws Exception {
        byte[] jpeg = TestJpegs.flat(33, 21, 10);
        assertThat(decoder.probe(jpeg, 0, jpeg.length)).isEqualTo(new ImageDecoder.ImageSize(33, 21));
    }

    @Test
    void rejectsBytesThatAreNotAJpeg() {
        byte[] garbage = "definitely not a jpeg".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> decoder.decode(garbage, 0, garbage.length, new DecodedImage()))
                .isInstanceOf(ImageDecodeException.class)
                .satisfies(e -> assertThat(((ImageDecodeException) e).reason())
                        .isEqualTo(ImageDecodeException.Reason.UNDECODABLE));
        assertThatThrownBy(() -> decoder.probe(garbage, 0, garbage.length)).isInstanceOf(ImageDecodeException.class);
    }

    @Test
    void rejectsATruncatedJpegThatImageIoWouldOtherwiseFillWithGrey() {
        BufferedImage noisy = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Random random = new java.util.Random(7);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                noisy.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        byte[] jpeg = TestJpegs.encode(noisy, 0.9f);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThatThrownBy(() -> decoder.decode(truncated, 0, truncated.length, new DecodedImage()))
                .isInstanceOf(ImageDecodeException.class);
    }

    @Test
    void refusesAHeaderThatClaimsMorePixelsThanItWouldSizeMemoryFor() throws Exception {
        byte[] jpeg = TestJpegs.flat(16, 16, 40);
        // Patch the frame header (SOF0: FF C0, length, precision, height, width) to claim 60000 x 60000.
        int sof = 2;
        while (!((jpeg[sof] & 0xFF) == 0xFF && (jpeg[sof + 1] & 0xFF) == 0xC0)) {
            sof += 2 + (((jpeg[sof + 2] & 0xFF) << 8) | (jpeg[sof + 3] & 0xFF));
        }
        byte[] bomb = jpeg.clone();
        bomb[sof + 5] = (byte) 0xEA;
        bomb[sof + 6] = (byte) 0x60;
        bomb[sof + 7] = (byte) 0xEA;
        bomb[sof + 8] = (byte) 0x60;
        assertThat(decoder.probe(bomb, 0, bomb.length)).isEqualTo(new ImageDecoder.ImageSize(60000, 60000));
        assertThatThrownBy(() -> decoder.decode(bomb, 0, bomb.length, new DecodedImage()))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("60000x60000");
    }

    @Test
    void decodesGreyscaleJpegsIntoThreeChannels() throws Exception {
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                grey.getRaster().setSample(x, y, 0, 150);
            }
        }
        byte[] jpeg = TestJpegs.encode(grey, 1.0f);
        DecodedImage image = new DecodedImage();
        decoder.decode(jpeg, 0, jpeg.length, image);
        int centre = 4 * image.rowStride() + 12;
        assertThat(image.data()[centre + image.redOffset()] & 0xFF).isBetween(146, 154);
        assertThat(image.data()[centre + image.blueOffset()] & 0xFF).isBetween(146, 154);
    }
}
