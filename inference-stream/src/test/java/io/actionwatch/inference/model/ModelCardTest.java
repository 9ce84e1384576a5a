package io.actionwatch.inference.model;

import io.actionwatch.inference.testing.TestCards;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelCardTest {

    private static final String VALID = """
            {
              "name": "mobilevit-xxs-st-adapter", "version": "0.1.0", "onnxFile": "model.onnx",
              "input":  {"name": "clip", "layout": "NTCHW", "frames": 8, "channels": 3, "height": 128, "width": 128,
                         "dtype": "float32"},
              "output": {"name": "logits", "kind": "logits"},
              "sampling": {"frameStep": 2, "clipStride": 8},
              "preprocessing": {"resize": "bilinear-half-pixel", "colorOrder": "RGB", "scale": 255.0,
                                "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]},
              "labels": ["walking_left", "walking_right", "waving"],
              "parameters": {"total": 10, "trainable": 1, "trainableShare": 0.1}, "gmacsPerClip": 0.7,
              "training": {"seed": 0}, "evaluation": {"top1": 0.9}
            }
            """;

    @TempDir
    Path dir;

    private Path write(String card, boolean withOnnx) throws IOException {
        Files.writeString(dir.resolve(ModelDirectory.CARD_FILE), card);
        if (withOnnx) {
            Files.write(dir.resolve("model.onnx"), new byte[]{1});
        }
        return dir;
    }

    @Test
    void readsEveryFieldThePipelineUsesAndIgnoresTheRest() throws IOException {
        ModelDirectory model = ModelDirectory.open(write(VALID, true));
        ModelCard card = model.card();
        assertThat(card.name()).isEqualTo("mobilevit-xxs-st-adapter");
        assertThat(card.version()).isEqualTo("0.1.0");
        assertThat(card.input()).isEqualTo(new ModelCard.Input("clip", "NTCHW", 8, 3, 128, 128, "float32"));
        assertThat(card.sampling()).isEqualTo(new ModelCard.Sampling(2, 8));
        assertThat(card.preprocessing().mean()).containsExactly(0.5, 0.5, 0.5);
        assertThat(card.labels()).containsExactly("walking_left", "walking_right", "waving");
        assertThat(card.frameFloats()).isEqualTo(3 * 128 * 128);
        assertThat(card.clipFloats()).isEqualTo(8 * 3 * 128 * 128);
        assertThat(model.onnxPath()).isEqualTo(dir.toAbsolutePath().normalize().resolve("model.onnx"));
    }

    @Test
    void missingDirectoryCardOrOnnxFileIsNamedInTheError() throws IOException {
        assertThatThrownBy(() -> ModelDirectory.open(dir.resolve("nope")))
                .isInstanceOf(ModelCardException.class).hasMessageContaining("nope").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .isInstanceOf(ModelCardException.class).hasMessageContaining(ModelDirectory.CARD_FILE);
        write(VALID, false);
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .isInstanceOf(ModelCardException.class).hasMessageContaining("model.onnx")
                .hasMessageContaining("does not exist");
    }

    @Test
    void malformedJsonIsReportedWithItsPath() throws IOException {
        write("{ not json", true);
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .isInstanceOf(ModelCardException.class).hasMessageContaining("not readable JSON");
    }

    @Test
    void listsEveryProblemOfAnInvalidCardAtOnce() throws IOException {
        String broken = VALID.replace("\"NTCHW\"", "\"NCHW\"").replace("\"frames\": 8", "\"frames\": 0")
                .replace("\"clipStride\": 8", "\"clipStride\": 0").replace("\"std\": [0.5, 0.5, 0.5]", "\"std\": [0.5, 0]")
                .replace("\"kind\": \"logits\"", "\"kind\": \"probabilities\"");
        write(broken, true);
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .isInstanceOf(ModelCardException.class)
                .hasMessageContaining("input.layout must be NTCHW")
                .hasMessageContaining("input.frames must be >= 1")
                .hasMessageContaining("sampling.clipStride must be >= 1")
                .hasMessageContaining("preprocessing.std must have 3 values")
                .hasMessageContaining("output.kind must be logits");
    }

    @Test
    void missingSectionsAndDuplicateLabelsAreRejected() throws IOException {
        write("{\"name\": \"x\", \"version\": \"1\", \"onnxFile\": \"model.onnx\", \"labels\": [\"a\", \"a\"]}", true);
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .isInstanceOf(ModelCardException.class)
                .hasMessageContaining("input section is missing")
                .hasMessageContaining("sampling section is missing")
                .hasMessageContaining("labels must be unique");
    }

    @Test
    void onnxFileMayNotEscapeTheModelDirectory() throws IOException {
        write(VALID.replace("\"onnxFile\": \"model.onnx\"", "\"onnxFile\": \"../model.onnx\""), true);
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .isInstanceOf(ModelCardException.class).hasMessageContaining("outside its directory");
    }

    @Test
    void signatureMustMatchTheCardsShapesNamesAndLabelCount() {
        ModelCard card = TestCards.card(4, 2, 4); // T=4, 8x8, 4 labels
        card.checkSignature(new ModelSignature("clip", new long[]{-1, 4, 3, 8, 8}, "logits", new long[]{-1, 4}));

        assertThatThrownBy(() -> card.checkSignature(
                new ModelSignature("clip", new long[]{-1, 8, 3, 8, 8}, "logits", new long[]{-1, 4})))
                .isInstanceOf(ModelCardException.class).hasMessageContaining("dimension 1 is 8 but the card says 4");
        assertThatThrownBy(() -> card.checkSignature(
                new ModelSignature("clip", new long[]{-1, 4, 3, 8, 8}, "logits", new long[]{-1, 9})))
                .isInstanceOf(ModelCardException.class)
                .hasMessageContaining("outputs 9 classes but the card lists 4 labels");
        assertThatThrownBy(() -> card.checkSignature(
                new ModelSignature("frames", new long[]{-1, 3, 8, 8}, "scores", new long[]{-1, 4})))
                .isInstanceOf(ModelCardException.class)
                .hasMessageContaining("input is frames")
                .hasMessageContaining("5 dimensions")
                .hasMessageContaining("output is scores");
    }

    @Test
    void theTestCardIsValid() {
        assertThat(TestCards.card(4, 2, 4).validate().labels()).hasSize(4);
        assertThat(List.of(TestCards.card(2, 1, 1).frameFloats())).containsExactly(3 * 8 * 8);
    }
}
