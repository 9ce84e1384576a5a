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
}
