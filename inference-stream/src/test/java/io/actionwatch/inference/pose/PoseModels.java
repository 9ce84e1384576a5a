package io.actionwatch.inference.pose;

import java.nio.file.Path;

/** Where tests find the pose models the build converted: the repository's model/pose beside this module. */
final class PoseModels {

    static final Path MOVENET = Path.of("..", "model", "pose", "movenet-multipose");

    private PoseModels() {
    }
}
