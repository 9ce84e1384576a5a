package io.actionwatch.operator.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.schemas.Person;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFormatsTest {

    private static final Instant END = Instant.parse("2026-05-01T10:00:01.500Z");

    private static ActionEvent event(Person person, String truth) {
        return ActionEvent.newBuilder().setEventId("evt-1").setCameraId("cam-1").setClipStartTime(END.minusSeconds(1))
                .setClipEndTime(END).setFirstSequence(0).setLastSequence(14).setFrameCount(8).setLabel("falling_down")
                .setScore(0.875f).setTopK(List.of(new LabelScore("falling_down", 0.875f), new LabelScore("walking", 0.1f)))
                .setPerson(person).setGroundTruth(truth).setModelName("ref").setModelVersion("3").setEmitTime(END.plusMillis(90))
                .setCaptureToEmitMillis(90).setInferenceMillis(4.5f).setBatchSize(1).build();
    }

    @Test
    void jsonLinesCarryEveryFieldPlainly() throws Exception {
        String line = AvroJsonLines.line(event(new Person(7L, 0.1f, 0.2f, 0.9f, 0.4f, 0.75f), null));

        assertThat(line).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("eventId").asText()).isEqualTo("evt-1");
        assertThat(json.get("clipEndTime").asText()).isEqualTo("2026-05-01T10:00:01.500Z");
        assertThat(json.get("score").floatValue()).isEqualTo(0.875f);
        assertThat(json.get("person").get("trackId").asLong()).isEqualTo(7L);
        assertThat(json.get("groundTruth").isNull()).isTrue();
        assertThat(json.get("topK").get(1).get("label").asText()).isEqualTo("walking");
        assertThat(json.get("batchSize").asInt()).isEqualTo(1);
        // Every schema field is there, by its schema name.
        assertThat(json.size()).isEqualTo(ActionEvent.getClassSchema().getFields().size());
    }

    @Test
    void tableRowsStartWithTheDatedClipAndEndWithTheId() {
        RecordTable table = new RecordTable(ZoneId.of("UTC"));

        assertThat(table.eventHeader()).startsWith("CLIP (UTC)").contains("CAMERA", "PERSON", "LABEL", "SCORE", "EVENT ID");
        assertThat(table.row(event(null, "falling_down"))).isEqualTo(String.format(
                "%-36s  %-12s  %-6s  %-16s  %5s  %-16s  %-20s  %s", "2026-05-01 10:00:00.500-10:00:01.500", "cam-1",
                "-", "falling_down", "0.88", "falling_down", "ref/3", "evt-1"));
        assertThat(table.row(event(new Person(7L, 0f, 0f, 1f, 1f, 1f), null))).contains("  7       ").contains("  -  ");
    }

    @Test
    void alertRowsNameRuleCameraPersonAndId() {
        Alert alert = Alert.newBuilder().setAlertId("fall:evt-1").setRule("fall").setCameraId("cam-1")
                .setPerson(new Person(2L, 0f, 0f, 1f, 1f, 1f)).setLabel("falling_down").setScore(0.9f).setEventId("evt-1")
                .setClipStartTime(END.minusSeconds(1)).setClipEndTime(END).setRaisedAt(END.plusSeconds(5)).build();

        String row = new RecordTable(ZoneId.of("Europe/Berlin")).row(alert);

        assertThat(row).startsWith("2026-05-01 12:00:00.500-12:00:01.500").contains(" fall ", " cam-1 ", " 2 ", " 0.90 ")
                .endsWith("fall:evt-1");
    }

    @Test
    void controlCharactersInRecordStringsCannotForgeRows() {
        ActionEvent hostile = ActionEvent.newBuilder(event(null, null)).setLabel("x\nALERT forged").build();

        String row = new RecordTable(ZoneId.of("UTC")).row(hostile);

        assertThat(row).doesNotContain("\n");
    }
}
