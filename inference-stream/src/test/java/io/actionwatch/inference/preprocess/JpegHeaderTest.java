package io.actionwatch.inference.preprocess;

import io.actionwatch.inference.testing.TestJpegs;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JpegHeaderTest {

    @Test
    void agreesWithImageIoOnTheSizeOfRealJpegs() throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        for (int[] size : new int[][]{{33, 21}, {320, 240}, {1, 1}, {641, 479}}) {
            byte[] jpeg = TestJpegs.flat(size[0], size[1], 90);
            reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg)));
            ImageDecoder.ImageSize expected = new ImageDecoder.ImageSize(reader.getWidth(0), reader.getHeight(0));
            assertThat(JpegHeader.size(jpeg, 0, jpeg.length)).isEqualTo(expected)
                    .isEqualTo(new ImageDecoder.ImageSize(size[0], size[1]));
        }
    }

    @Test
    void readsFromAnOffsetAndSkipsFillBytesBetweenSegments() throws Exception {
        byte[] jpeg = TestJpegs.flat(40, 30, 10);
        // Insert two 0xFF fill bytes before the second marker (allowed by the JPEG standard).
        int second = 2 + 2 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        byte[] padded = new byte[jpeg.length + 2 + 3];
        System.arraycopy(jpeg, 0, padded, 3, second);
        padded[3 + second] = (byte) 0xFF;
        padded[3 + second + 1] = (byte) 0xFF;
        System.arraycopy(jpeg, second, padded, 3 + second + 2, jpeg.length - second);
        assertThat(JpegHeader.size(padded, 3, jpeg.length + 2)).isEqualTo(new ImageDecoder.ImageSize(40, 30));
    }

    @Test
    void rejectsDataWithoutStartOfImage() {
        byte[] garbage = "definitely not a jpeg".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JpegHeader.size(garbage, 0, garbage.length)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("start-of-image");
    }

    @Test
    void rejectsDataCutOffBeforeTheFrameHeader() {
        byte[] jpeg = TestJpegs.flat(16, 16, 10);
        byte[] cut = Arrays.copyOf(jpeg, 22);
        assertThatThrownBy(() -> JpegHeader.size(cut, 0, cut.length)).isInstanceOf(ImageDecodeException.class);
    }

    @Test
    void rejectsAScanBeforeAnyFrameHeader() {
        byte[] data = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0};
        assertThatThrownBy(() -> JpegHeader.size(data, 0, data.length)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("scan");
    }
}
