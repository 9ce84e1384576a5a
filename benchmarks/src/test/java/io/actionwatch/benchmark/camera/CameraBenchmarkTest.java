package io.actionwatch.benchmark.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionwatch.benchmark.stats.Summary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CameraBenchmarkTest {

    private static final TestVideo H264_480 = new TestVideo(TestVideo.H264, 640, 480, 300);
    private static final TestVideo H264_720 = new TestVideo(TestVideo.H264, 1280, 720, 300);
    private static final TestVideo MJPEG_720 = new TestVideo(TestVideo.MJPEG, 1280, 720, 300);

    private static CameraBenchmark.Case decoded(TestVideo video, double source, double encode, double endToEnd) {
        return CameraBenchmark.Case.of(video, false, Summary.of(source), Summary.of(encode), Summary.of(0.5),
                Summary.of(endToEnd), Summary.of(120), Summary.of(3), Summary.of(50), 58_000);
    }

    private static CameraBenchmark.Case passThrough(double endToEnd) {
        return CameraBenchmark.Case.of(MJPEG_720, true, Summary.of(0.1), null, Summary.of(0.5), Summary.of(endToEnd),
                Summary.of(60), Summary.of(3), Summary.of(300), 57_000);
    }

    @Test
    void theSumOfStagesAddsTheMediansAndAPassThroughHasNoEncodeStage() {
        assertThat(decoded(H264_720, 6, 8, 16).sumOfStagesCoreMillis()).isCloseTo(14.5, within(1e-9));
        assertThat(passThrough(1).sumOfStagesCoreMillis()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void theGoalIsJudgedOnTheDecoded720pCaseEndToEndNotOnPassThrough() {
        CameraBenchmark.Goal goal = CameraBenchmark.Goal.judge(List.of(decoded(H264_480, 3, 4, 8),
                passThrough(2), decoded(H264_720, 6, 8, 16)));
        assertThat(goal.measured()).isEqualTo(16);
        assertThat(goal.met()).isFalse();
        assertThat(goal.frame()).contains("1280x720 H.264");

        assertThat(CameraBenchmark.Goal.judge(List.of(decoded(H264_720, 3, 4, 10))).met()).isTrue();
    }

    @Test
    void withoutADecoded720pCaseThereIsNoGoalToJudge() {
        assertThatThrownBy(() -> CameraBenchmark.Goal.judge(List.of(decoded(H264_480, 3, 4, 8), passThrough(2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReportCarriesEveryStageAndTheGoal() {
        CameraBenchmark.Result result = new CameraBenchmark.Result(300, 3, 85, "process CPU",
                List.of(decoded(H264_720, 6, 8, 16), passThrough(2)),
                CameraBenchmark.Goal.judge(List.of(decoded(H264_720, 6, 8, 16))));

        JsonNode json = new ObjectMapper().findAndRegisterModules().valueToTree(result);

        JsonNode first = json.get("cases").get(0);
        assertThat(first.fieldNames()).toIterable().contains("sourceCoreMillis", "encodeCoreMillis",
                "produceCoreMillis", "sumOfStagesCoreMillis", "endToEndCoreMillis", "startCoreMillis",
                "brokerCoreMillis", "meanJpegBytes", "passThrough");
        assertThat(first.get("video").get("width").asInt()).isEqualTo(1280);
        assertThat(first.get("encodeCoreMillis").get("median").asDouble()).isEqualTo(8);
        assertThat(json.get("cases").get(1).get("encodeCoreMillis").isNull()).isTrue();
        assertThat(json.get("goal").get("met").asBoolean()).isFalse();
        assertThat(json.get("goal").get("coreMillisPerFrame").asDouble())
                .isEqualTo(CameraBenchmark.GOAL_CORE_MILLIS_PER_FRAME);
    }

    @Test
    void eachVideoHasItsOwnCachedFileAndMjpegGetsFullRangeAndAQuality() {
        assertThat(H264_720.fileName()).isNotEqualTo(MJPEG_720.fileName())
                .isNotEqualTo(new TestVideo(TestVideo.H264, 1280, 720, 30).fileName());
        assertThat(String.join(" ", MJPEG_720.command(java.nio.file.Path.of("out.avi"))))
                .contains("-c:v mjpeg", "yuvj420p", "-q:v");
        assertThat(String.join(" ", H264_720.command(java.nio.file.Path.of("out.mp4"))))
                .contains("-c:v libx264", "-pix_fmt yuv420p", "-frames:v 300").doesNotContain("-q:v");
        assertThatThrownBy(() -> new TestVideo("vp9", 640, 480, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
