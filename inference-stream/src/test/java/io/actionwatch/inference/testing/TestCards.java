package io.actionwatch.inference.testing;

import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.inference.skeleton.SkeletonRenderer;

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

    /** A per-person skeleton card: T frames, sampling and stride as given, {@code size}x{@code size} renderings. */
    public static ModelCard personCard(int frames, int frameStep, int clipStride, int size) {
        ModelCard frame = card(frames, frameStep, clipStride);
        return new ModelCard(frame.name(), frame.version(), frame.onnxFile(),
                new ModelCard.Input("clip", "NTCHW", frames, 3, size, size, "float32"), frame.output(),
                frame.sampling(), new ModelCard.Preprocessing("bilinear-half-pixel", "RGB", 255.0,
                new double[]{0.5, 0.5, 0.5}, new double[]{0.5, 0.5, 0.5}), LABELS,
                new ModelCard.Mode(ModelCard.SUBJECT_PERSON, ModelCard.INPUT_SKELETON,
                        new ModelCard.Skeleton(SkeletonRenderer.SPEC, 1.25, 0.3, size / 64.0)));
    }
}
