package io.actionwatch.inference.preprocess;

import io.actionwatch.inference.model.ModelCard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FrameTensorizerTest {

    private static ModelCard card(int width, int height, String order, double scale, double[] mean, double[] std) {
        return new ModelCard("m", "1", "model.onnx", new ModelCard.Input("clip", "NTCHW", 1, 3, height, width, "float32"),
                new ModelCard.Output("logits", "logits"), new ModelCard.Sampling(1, 1),
                new ModelCard.Preprocessing("bilinear-half-pixel", order, scale, mean, std), List.of("a"));
    }

    /** Interleaved BGR bytes of a single-channel pattern replicated so R = v, G = v + 1, B = v + 2. */
    private static DecodedImage image(int width, int height, int[] values) {
        byte[] bgr = new byte[width * height * 3];
        for (int i = 0; i < values.length; i++) {
            bgr[3 * i] = (byte) (values[i] + 2);
            bgr[3 * i + 1] = (byte) (values[i] + 1);
            bgr[3 * i + 2] = (byte) values[i];
        }
        DecodedImage image = new DecodedImage();
        image.set(bgr, width, height, 3 * width, 2, 1, 0);
        return image;
    }

    @Test
    void upsamplingTwoByTwoToThreeByThreeMatchesHandComputedHalfPixelBilinear() {
        // Source 2x2 [[0, 60], [120, 180]]; scale 2/3. Destination 0: src = 0.5*2/3 - 0.5 < 0 -> clamped to 0.
        // Destination 1: src = 1.5*2/3 - 0.5 = 0.5 -> halfway. Destination 2: src = 2.5*2/3 - 0.5 = 7/6 -> index 1,
        // its upper neighbour clamped to 1 as well, so the edge value.
        FrameTensorizer t = new FrameTensorizer(card(3, 3, "RGB", 1.0, new double[]{0, 0, 0}, new double[]{1, 1, 1}));
        float[] out = new float[t.frameFloats()];
        t.tensorize(image(2, 2, new int[]{0, 60, 120, 180}), out);
        float[] expectedRed = {
                0, 30, 60,
                60, 90, 120,
                120, 150, 180};
        for (int i = 0; i < 9; i++) {
            assertThat(out[i]).as("red %d", i).isCloseTo(expectedRed[i], within(1e-4f));
            assertThat(out[9 + i]).as("green %d", i).isCloseTo(expectedRed[i] + 1, within(1e-4f));
            assertThat(out[18 + i]).as("blue %d", i).isCloseTo(expectedRed[i] + 2, within(1e-4f));
        }
    }

    @Test
    void downsamplingFourToTwoAveragesEachTwoByTwoBlockAndNormalises() {
        // Scale 2: destination d samples source 2d + 0.5, the mean of the 2x2 block. Then (v/255 - 0.5)/0.25.
        int[] values = {
                10, 20, 30, 40,
                50, 60, 70, 80,
                90, 100, 110, 120,
                130, 140, 150, 160};
        FrameTensorizer t = new FrameTensorizer(card(2, 2, "RGB", 255.0, new double[]{0.5, 0.5, 0.5},
                new double[]{0.25, 0.25, 0.25}));
        float[] out = new float[t.frameFloats()];
        t.tensorize(image(4, 4, values), out);
        double[] blockMeans = {35, 55, 115, 135};
        for (int i = 0; i < 4; i++) {
            assertThat((double) out[i]).isCloseTo((blockMeans[i] / 255.0 - 0.5) / 0.25, within(1e-5));
        }
    }

    @Test
    void nonIntegerScaleUsesFractionalWeights() {
        // 3 -> 2 along x: scale 1.5; d0: src = 0.25 -> 0.75*a + 0.25*b; d1: src = 1.75 -> 0.25*b + 0.75*c.
        FrameTensorizer t = new FrameTensorizer(card(2, 1, "RGB", 1.0, new double[]{0, 0, 0}, new double[]{1, 1, 1}));
        float[] out = new float[t.frameFloats()];
        t.tensorize(image(3, 1, new int[]{0, 100, 200}), out);
        assertThat(out[0]).isCloseTo(25f, within(1e-4f));
        assertThat(out[1]).isCloseTo(175f, within(1e-4f));
    }

    @Test
    void bgrColourOrderPutsBlueInTheFirstChannel() {
        FrameTensorizer t = new FrameTensorizer(card(1, 1, "BGR", 1.0, new double[]{0, 0, 0}, new double[]{1, 1, 1}));
        float[] out = new float[3];
        t.tensorize(image(1, 1, new int[]{50}), out);
        assertThat(out).containsExactly(52f, 51f, 50f);
    }

    @Test
    void channelMeansAndStdsApplyPerChannel() {
        FrameTensorizer t = new FrameTensorizer(card(1, 1, "RGB", 255.0, new double[]{0.1, 0.2, 0.3},
                new double[]{0.5, 0.25, 0.125}));
        float[] out = new float[3];
        t.tensorize(image(1, 1, new int[]{100}), out);
        assertThat((double) out[0]).isCloseTo((100 / 255.0 - 0.1) / 0.5, within(1e-5));
        assertThat((double) out[1]).isCloseTo((101 / 255.0 - 0.2) / 0.25, within(1e-5));
        assertThat((double) out[2]).isCloseTo((102 / 255.0 - 0.3) / 0.125, within(1e-5));
    }
}
