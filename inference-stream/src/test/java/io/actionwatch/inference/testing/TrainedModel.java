package io.actionwatch.inference.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionwatch.inference.model.ModelDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reads the model card's training and evaluation sections, which the pipeline itself ignores: whether the model
 * directory holds a trained model (its card reports held-out accuracy) or the untrained placeholder, and the numbers
 * the card claims.
 */
public final class TrainedModel {

    private TrainedModel() {
    }

    public static JsonNode card(Path modelDir) {
        try {
            return new ObjectMapper().readTree(modelDir.resolve(ModelDirectory.CARD_FILE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model card in " + modelDir, e);
        }
    }

    /** True when the card reports a held-out top-1 for the model with adapters. */
    public static boolean isTrained(Path modelDir) {
        return card(modelDir).path("evaluation").path("withAdapters").path("top1").isNumber();
    }
}
