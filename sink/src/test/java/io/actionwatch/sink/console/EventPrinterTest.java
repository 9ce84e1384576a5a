package io.actionwatch.sink.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.schemas.Person;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPrinterTest {

    private static final Instant START = Instant.parse("2026-03-04T09:08:07.006Z");
    private static final Instant END = Instant.parse("2026-03-04T09:08:08.073Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final EventPrinter printer = new EventPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), ZoneOffset.UTC);

    private static ActionEvent event(String label, float score, String groundTruth) {
        return ActionEvent.newBuilder()
                .setEventId("evt-1")
                .setCameraId("cam-7")
                .setClipStartTime(START)
                .setClipEndTime(END)
                .setFirstSequence(16)
                .setLastSequence(30)
                .setFrameCount(8)
                .setLabel(label)
                .setScore(score)
                .setTopK(List.of(new LabelScore(label, score)))
                .setGroundTruth(groundTruth)
                .setModelName("m")
                .setModelVersion("1")
                .setEmitTime(END.plusMillis(153))
                .setCaptureToEmitMillis(153)
                .setInferenceMillis(12.5f)
                .setBatchSize(2)
                .build();
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eventLineShowsCameraSpanLabelScoreTruthAndLatency() {
        printer.print(event("falling_down", 0.8749f, "falling_down"));

        assertThat(printed()).isEqualTo(
                "cam-7      09:08:07.006-09:08:08.073  falling_down    0.87  truth=falling_down ✓  latency=153ms"
                        + System.lineSeparator());
    }

    @Test
    void wrongPredictionIsMarkedWithACross() {
        assertThat(printer.format(event("getting_up", 0.51f, "falling_down")))
                .contains("getting_up").contains("0.51").endsWith("truth=falling_down ✗  latency=153ms");
    }

    @Test
    void missingGroundTruthIsShownAsADash() {
        assertThat(printer.format(event("waving", 1f, null)))
                .contains("truth=-  ").doesNotContain("✓").doesNotContain("✗");
    }

    @Test
    void timesAreShownInTheGivenZone() {
        EventPrinter tokyo = new EventPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), ZoneId.of("Asia/Tokyo"));

        assertThat(tokyo.format(event("waving", 1f, null))).contains("18:08:07.006-18:08:08.073");
    }

    @Test
    void alertLineStandsApartFromEventLines() {
        Alert alert = Alert.newBuilder()
                .setAlertId("fall:evt-1")
                .setRule("fall")
                .setCameraId("cam-7")
                .setLabel("falling_down")
                .setScore(0.93f)
                .setEventId("evt-1")
                .setClipStartTime(START)
                .setClipEndTime(END)
                .setRaisedAt(END.plusSeconds(1))
                .build();

        printer.print(event("falling_down", 0.93f, "falling_down"));
        printer.print(alert);

        assertThat(printed().split(System.lineSeparator())).containsExactly(
                "cam-7      09:08:07.006-09:08:08.073  falling_down    0.93  truth=falling_down ✓  latency=153ms",
                "ALERT [fall] cam-7      09:08:07.006-09:08:08.073  falling_down    0.93  id=fall:evt-1");
    }

    @Test
    void eventAboutAPersonNamesItsTrackBeforeTheLabel() {
        ActionEvent event = ActionEvent.newBuilder(event("walking_left", 0.91f, null))
                .setPerson(new Person(3L, 0.1f, 0.2f, 0.9f, 0.4f, 0.8f)).build();

        assertThat(printer.format(event)).isEqualTo(
                "cam-7      09:08:07.006-09:08:08.073  person=3  walking_left    0.91  truth=-  latency=153ms");
    }

    @Test
    void alertAboutAPersonNamesItsTrack() {
        Alert alert = Alert.newBuilder()
                .setAlertId("fall:evt-2")
                .setRule("fall")
                .setCameraId("cam-7")
                .setPerson(new Person(7L, 0.1f, 0.2f, 0.9f, 0.4f, 0.8f))
                .setLabel("falling_down")
                .setScore(0.93f)
                .setEventId("evt-2")
                .setClipStartTime(START)
                .setClipEndTime(END)
                .setRaisedAt(END.plusSeconds(1))
                .build();

        assertThat(printer.format(alert)).isEqualTo(
                "ALERT [fall] cam-7      09:08:07.006-09:08:08.073  falling_down    0.93  person=7  id=fall:evt-2");
    }
}
