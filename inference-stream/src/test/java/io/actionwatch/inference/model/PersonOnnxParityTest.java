package io.actionwatch.inference.model;

import java.nio.file.Path;

/** The per-person skeleton model (model/person) against its golden pair. */
class PersonOnnxParityTest extends OnnxParityTest {

    @Override
    Path modelDir() {
        return Path.of("..", "model", "person");
    }
}
