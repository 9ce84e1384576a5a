package io.actionwatch.inference.testing;

import io.actionwatch.inference.model.ModelCard;

import java.util.List;

/** Small model cards for tests that do not need the real model. */
public final class TestCards {

    public static final List<String> LABELS = List.of("walking_left", "walking_right", "waving", "falling_down");

    private TestCards() {
    }

    /** A card with T frames, sampling and stride as given, 8x8 input and identity-like normalisation. */
    public static ModelCard card(int frames, int frameStep, int clipStride) {
        return new ModelCard("test-model", "1.0.0", "model.onnx",
                new ModelCard.Input("clip", "NTCHW", frames, 3, 8, 8, "float32"),
                new ModelCard.Output("logits", "logits"),
                new ModelCard.Sampling(frameStep, clipStride),
                new ModelCard.Preprocessing("bilinear-half-pixel", "RGB", 255.0, new double[]{0, 0, 0},
                        new double[]{1, 1, 1}),
                LABELS);
    }
}
