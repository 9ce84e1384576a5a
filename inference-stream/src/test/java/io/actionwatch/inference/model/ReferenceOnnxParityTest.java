package io.actionwatch.inference.model;

import java.nio.file.Path;

/** The whole-frame reference model (model/reference) against its golden pair. */
class ReferenceOnnxParityTest extends OnnxParityTest {

    @Override
    Path modelDir() {
        return ReferenceModel.DIR;
    }
}
