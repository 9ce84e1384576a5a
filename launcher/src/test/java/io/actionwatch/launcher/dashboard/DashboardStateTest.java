package io.actionwatch.launcher.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.VideoFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void throughputCountsOnlyTheLastTenSeconds() {
        DashboardState state = new DashboardState();
        state.event(event("cam-1", "walking_left", NOW - 11_000), NOW - 10_500);
        for (int i = 0; i < 5; i++) {
            state.event(event("cam-1", "walking_left", NOW - 1_000), NOW - 9_000 + i * 1_000);
        }
        assertThat(state.throughputPerSecond(NOW)).isEqualTo(0.5);
    }

    @Test
    void latencyIsTheMedianOfCaptureToArrival() {
        DashboardState state = new DashboardState();
        for (long latency : List.of(900L, 100L, 300L, 500L, 700L)) {
            state.event(event("cam-1", "waving", NOW - latency), NOW);
        }
        assertThat(state.latencyMedianMillis()).hasValue(500);
        assertThat(new DashboardState().latencyMedianMillis()).isEmpty();
    }

    @Test
    void aCameraKeepsItsLatestLabelAndABoundedStrip() throws Exception {
        DashboardState state = new DashboardState();
        for (int i = 0; i < DashboardState.RECENT_LABELS + 3; i++) {
            state.event(event("cam-2", "label-" + i, NOW), NOW);
        }
        JsonNode camera = JSON.readTree(state.snapshotJson(NOW)).get("cameras").get(0);
        assertThat(camera.get("label").asText()).isEqualTo("label-" + (DashboardState.RECENT_LABELS + 2));
        assertThat(camera.get("recent")).hasSize(DashboardState.RECENT_LABELS);
        assertThat(camera.get("recent").get(0).asText()).isEqualTo("label-3");
        assertThat(camera.get("hasFrame").asBoolean()).isFalse();
    }

    @Test
    void untrustedStringsSurviveTheJsonAsText() throws Exception {
        String hostile = "cam\"</script><img src=x onerror=alert(1)>\n";
        DashboardState state = new DashboardState();
        state.frame(frame(hostile, 7, new byte[] {1, 2, 3}));
        JsonNode camera = JSON.readTree(state.snapshotJson(NOW)).get("cameras").get(0);
        assertThat(camera.get("id").asText()).isEqualTo(hostile);
        assertThat(camera.get("frameSequence").asLong()).isEqualTo(7);
        assertThat(state.latestJpeg(hostile)).hasValueSatisfying(jpeg -> assertThat(jpeg).containsExactly(1, 2, 3));
        assertThat(state.latestJpeg("cam-unknown")).isEmpty();
    }

    @Test
    void alertsAreNewestFirstDeduplicatedAndBounded() throws Exception {
        DashboardState state = new DashboardState();
        for (int i = 0; i < DashboardState.ALERTS_KEPT + 5; i++) {
            state.alert(alert("alert-" + i));
        }
        state.alert(alert("alert-10"));
        JsonNode alerts = JSON.readTree(state.snapshotJson(NOW)).get("alerts");
        assertThat(alerts).hasSize(DashboardState.ALERTS_KEPT);
        assertThat(alerts.get(0).get("id").asText()).isEqualTo("alert-10");
        assertThat(alerts.get(1).get("id").asText()).isEqualTo("alert-" + (DashboardState.ALERTS_KEPT + 4));
        assertThat(state.alert("alert-0")).as("dropped out of the feed").isEmpty();
        assertThat(state.alert("alert-10")).isPresent();
    }

    @Test
    void lagIsShownOrWhyNot() throws Exception {
        DashboardState state = new DashboardState();
        state.lagUnknown("group has committed nothing yet");
        JsonNode unknown = JSON.readTree(state.snapshotJson(NOW));
        assertThat(unknown.get("consumerLag").isNull()).isTrue();
        assertThat(unknown.get("lagProblem").asText()).isEqualTo("group has committed nothing yet");
        state.lag(42);
        assertThat(JSON.readTree(state.snapshotJson(NOW)).get("consumerLag").asLong()).isEqualTo(42);
    }

    static ActionEvent event(String camera, String label, long clipEndMillis) {
        return ActionEvent.newBuilder().setEventId(camera + "-" + clipEndMillis).setCameraId(camera)
                .setClipStartTime(Instant.ofEpochMilli(clipEndMillis - 2_000))
                .setClipEndTime(Instant.ofEpochMilli(clipEndMillis)).setFirstSequence(0).setLastSequence(15)
                .setFrameCount(16).setLabel(label).setScore(0.9f).setTopK(List.of()).setModelName("m")
                .setModelVersion("1").setEmitTime(Instant.ofEpochMilli(clipEndMillis)).setCaptureToEmitMillis(0)
                .setInferenceMillis(1f).setBatchSize(1).build();
    }

    static VideoFrame frame(String camera, long sequence, byte[] jpeg) {
        return VideoFrame.newBuilder().setCameraId(camera).setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(NOW)).setWidth(4).setHeight(3).setData(ByteBuffer.wrap(jpeg))
                .build();
    }

    static Alert alert(String id) {
        return Alert.newBuilder().setAlertId(id).setRule("fall").setCameraId("cam-1").setLabel("falling_down")
                .setScore(0.9f).setEventId("event-" + id).setClipStartTime(Instant.ofEpochMilli(NOW - 2_000))
                .setClipEndTime(Instant.ofEpochMilli(NOW)).setRaisedAt(Instant.ofEpochMilli(NOW)).build();
    }
}
