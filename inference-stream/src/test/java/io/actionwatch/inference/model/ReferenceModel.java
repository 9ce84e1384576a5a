package io.actionwatch.inference.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the project's reference model: the repository's model/reference beside this module. */
final class ReferenceModel {

    static final Path DIR = Path.of("..", "model", "reference");

    private ReferenceModel() {
    }

    static boolean present() {
        return Files.isRegularFile(DIR.resolve(ModelDirectory.CARD_FILE));
    }

    /** Index of the largest logit: the predicted class. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
