package io.actionwatch.ingest.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one-person scene and the clip renderer render exactly what they rendered before scenes had several people:
 * the hashes below were computed with the single-figure renderer (commit 32a91d7). A change that moves them
 * changes data sets and trained models, so it must bump {@link ClipRenderer#SCENE_REVISION} along with them.
 */
class SingleFigureGoldenTest {

    /** Long enough to cross several segment boundaries (segments are 1.5-5 s). */
    private static final int FRAMES = 200;

    @ParameterizedTest
    @CsvSource({
        "320, 240, 42, true, 3e1cb6df5454ccf8b53f2a047113857c887eb2ee92bf99e078015cfe02982354",
        "320, 240, 5, false, 02c8a1d5a1bb1386a1bb1962900211d07e40ee16e6ecde148694718dab1b7584",
        "160, 120, 3, true, 181c8dd5c6b726436dab072eca7f39cf6167dd33b3aa683c8d6d059adf798193"})
    void firstFramesMatchTheSingleFigureRenderer(int width, int height, long seed, boolean noise, String sha256)
            throws Exception {
        assertThat(hash(new SceneSettings(width, height, 15, seed, noise), FRAMES)).isEqualTo(sha256);
    }


    @ParameterizedTest
    @CsvSource({
        "walking_left, 11, 5a7c69030450dc757b3260aec5df568480bfab16e10283ac10fbe05ae08698c1",
        "falling_down, 12, c3d8598f7b8e4549b9ea3675db987571e203186448ab65dd5593aa5561f2ba5e",
        "jumping, 13, ee3fee5d5b7f58a8c0aae807c1b663730147b73a78ff1173abf85fe38f18813a"})
    void clipsMatchTheSingleFigureRenderer(String action, long seed, String sha256) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (ClipRenderer clips = new ClipRenderer(160, 120, 15, true)) {
            clips.render(Action.fromLabel(action), seed, 16, 2, (frame, i) -> {
                digest.update(ImageAssertions.pixels(frame.image()));
                ByteBuffer keypoints = ByteBuffer.allocate(frame.keypoints().length * 4);
                for (float v : frame.keypoints()) {
                    keypoints.putFloat(v);
                }
                digest.update(keypoints.array());
            });
        }
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sha256);
    }

    /** SHA-256 of every frame's pixels, keypoints, action, phase and posture. */
    static String hash(SceneSettings settings, int frames) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (SyntheticScene scene = new SyntheticScene(settings)) {
            for (int i = 0; i < frames; i++) {
                SceneFrame frame = scene.next();
                digest.update(ImageAssertions.pixels(frame.image()));
                ByteBuffer truth = ByteBuffer.allocate(frame.keypoints().length * 4 + 16);
                for (float v : frame.keypoints()) {
                    truth.putFloat(v);
                }
                truth.putDouble(frame.phase()).putInt(frame.action().ordinal()).putInt(frame.posture().ordinal());
                digest.update(truth.array());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
