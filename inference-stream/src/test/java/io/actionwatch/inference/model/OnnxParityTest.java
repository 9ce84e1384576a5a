package io.actionwatch.inference.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * ONNX Runtime Java on the golden input reproduces PyTorch's golden output (written by the model export), through
 * the same classifier path the pipeline uses (pooled direct buffer, per-frame slices, dynamic batch).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OnnxParityTest {

    private GoldenPair golden;
    private ModelDirectory model;

    /** The exported model directory holding model.onnx, its card and golden.json. */
    abstract Path modelDir();

    @BeforeAll
    void load() throws Exception {
        Path goldenFile = modelDir().resolve("golden.json");
        assertThat(goldenFile).as("golden pair of the model (model/ export)").exists();
        golden = GoldenPair.read(goldenFile);
        model = ModelDirectory.open(modelDir());
    }

    /** Golden clip c as per-frame slices. */
    private ClipFrames goldenClips(int... clipOrder) {
        ModelCard card = model.card();
        int frameFloats = card.frameFloats();
        int clipFloats = card.clipFloats();
        return new ClipFrames() {
            @Override
            public int clipCount() {
                return clipOrder.length;
            }

            @Override
            public float[] frame(int clip, int t) {
                int from = clipOrder[clip] * clipFloats + t * frameFloats;
                return Arrays.copyOfRange(golden.input(), from, from + frameFloats);
            }
        };
    }

    @Test
    void goldenShapesAgreeWithTheCard() {
        ModelCard card = model.card();
        assertThat(golden.inputShape()).hasSize(5);
        assertThat(Arrays.copyOfRange(golden.inputShape(), 1, 5)).containsExactly(card.input().frames(),
                card.input().channels(), card.input().height(), card.input().width());
        assertThat(golden.input()).hasSize((int) golden.inputShape()[0] * card.clipFloats());
        assertThat(golden.outputShape()).containsExactly(golden.inputShape()[0], card.labels().size());
    }

    @Test
    void onnxRuntimeJavaReproducesTheGoldenLogits() {
        int n = (int) golden.inputShape()[0];
        int labels = model.card().labels().size();
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        try (OnnxClassifier classifier = OnnxClassifier.open(model, List.of("cpu"), 2, n, 1)) {
            float[][] logits = classifier.classify(goldenClips(order));
            assertThat(logits).hasNumberOfRows(n);
            for (int c = 0; c < n; c++) {
                for (int k = 0; k < labels; k++) {
                    assertThat(logits[c][k]).as("clip %d logit %d", c, k)
                            .isCloseTo(golden.output()[c * labels + k], within((float) golden.atol()));
                }
                if (!golden.expectedTop1().isEmpty()) {
                    assertThat(model.card().labels().get(ReferenceModel.argmax(logits[c]))).isEqualTo(golden.expectedTop1().get(c));
                }
            }
        }
    }

    @Test
    void aClipsLogitsDoNotDependOnItsPlaceInTheBatch() {
        try (OnnxClassifier classifier = OnnxClassifier.open(model, List.of("cpu"), 2, 3, 1)) {
            float[][] alone = classifier.classify(goldenClips(0));
            float[][] batched = classifier.classify(goldenClips(0, 0, 0));
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < alone[0].length; k++) {
                    assertThat(batched[c][k]).isCloseTo(alone[0][k], within(1e-4f));
                }
            }
        }
    }

    @Test
    void aCardWhoseLabelsDisagreeWithTheModelOutputIsRefused(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Files.copy(model.onnxPath(), dir.resolve("model.onnx"));
        String card = Files.readString(model.directory().resolve(ModelDirectory.CARD_FILE))
                .replaceFirst("\"labels\"\\s*:\\s*\\[", "\"labels\": [\"extra_label\", ");
        Files.writeString(dir.resolve(ModelDirectory.CARD_FILE), card);
        ModelDirectory wrong = ModelDirectory.open(dir);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnnxClassifier.open(wrong, List.of("cpu"), 1, 1, 1))
                .isInstanceOf(ModelCardException.class)
                .hasMessageContaining("classes but the card lists " + (model.card().labels().size() + 1) + " labels");
    }
}
