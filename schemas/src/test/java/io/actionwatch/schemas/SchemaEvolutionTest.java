package io.actionwatch.schemas;

import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each released schema version stays readable by the current one (the registry's BACKWARD rule), checked here
 * before a registry ever sees it. Released versions are kept under src/test/resources/released.
 */
class SchemaEvolutionTest {

    @Test
    void currentActionEventReadsEveryReleasedVersion() throws IOException {
        assertBackward(ActionEvent.getClassSchema(), "ActionEvent-1.avsc");
    }

    @Test
    void releasedEventsReadWithTheCurrentSchemaHaveNoPerson() {
        assertPersonDefaultsToNull(ActionEvent.getClassSchema());
    }

    @Test
    void currentVideoFrameReadsEveryReleasedVersion() throws IOException {
        assertBackward(VideoFrame.getClassSchema(), "VideoFrame-1.avsc");
    }

    @Test
    void framesOfCamerasThatPredateEpochsReadAsEpochZero() throws IOException {
        Schema writer = released("VideoFrame-1.avsc");
        GenericRecord old = new GenericData.Record(writer);
        old.put("cameraId", "cam-1");
        old.put("sequence", 7L);
        old.put("captureTime", 1_000L);
        old.put("codec", "jpeg");
        old.put("width", 2);
        old.put("height", 2);
        old.put("data", java.nio.ByteBuffer.wrap(new byte[] {1, 2}));
        old.put("metadata", java.util.Map.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(writer).write(old, encoder);
        encoder.flush();

        VideoFrame read = new SpecificDatumReader<VideoFrame>(writer, VideoFrame.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getSequence()).isEqualTo(7L);
        assertThat(read.getEpoch()).isZero();
    }

    @Test
    void currentAlertReadsEveryReleasedVersion() throws IOException {
        assertBackward(Alert.getClassSchema(), "Alert-1.avsc");
        assertBackward(Alert.getClassSchema(), "Alert-2.avsc");
    }

    @Test
    void releasedAlertsReadWithTheCurrentSchemaHaveNoEvidenceFields() throws IOException {
        // An alert written by a sink of the released version 2 (person, no evidence fields) decodes with them null.
        Schema writer = released("Alert-2.avsc");
        Instant clipEnd = Instant.parse("2026-05-01T10:00:01Z");
        GenericRecord person = new GenericData.Record(writer.getField("person").schema().getTypes().get(1));
        person.put("trackId", 4L);
        person.put("yMin", 0.1f);
        person.put("xMin", 0.2f);
        person.put("yMax", 0.8f);
        person.put("xMax", 0.5f);
        person.put("keypointConfidence", 0.7f);
        GenericRecord old = new GenericData.Record(writer);
        old.put("alertId", "fall:e2");
        old.put("rule", "fall");
        old.put("cameraId", "cam-2");
        old.put("person", person);
        old.put("label", "falling_down");
        old.put("score", 0.8f);
        old.put("eventId", "e2");
        old.put("clipStartTime", clipEnd.minusSeconds(1).toEpochMilli());
        old.put("clipEndTime", clipEnd.toEpochMilli());
        old.put("raisedAt", clipEnd.plusSeconds(1).toEpochMilli());

        Alert read = readAsCurrent(writer, old);

        assertThat(read.getAlertId()).isEqualTo("fall:e2");
        assertThat(read.getPerson().getTrackId()).isEqualTo(4L);
        assertThat(read.getClipEndTime()).isEqualTo(clipEnd);
        assertThat(read.getFramesTopic()).isNull();
        assertThat(read.getFirstSequence()).isNull();
        assertThat(read.getLastSequence()).isNull();
        assertThat(read.getFrameOffsets()).isNull();
    }

    @Test
    void evidenceFieldsAreOptionalWithNullDefaults() {
        for (String name : new String[] {"framesTopic", "firstSequence", "lastSequence", "frameOffsets"}) {
            Schema.Field field = Alert.getClassSchema().getField(name);
            assertThat(field).as("Alert." + name).isNotNull();
            assertThat(field.defaultVal()).as("Alert." + name).isEqualTo(JsonProperties.NULL_VALUE);
            assertThat(field.schema().getTypes().get(0).getType()).as("Alert." + name).isEqualTo(Schema.Type.NULL);
        }
    }

    @Test
    void releasedAlertsReadWithTheCurrentSchemaHaveNoPerson() throws IOException {
        assertPersonDefaultsToNull(Alert.getClassSchema());

        // And in bytes: an alert written by a sink of the released version decodes with person null.
        Schema writer = released("Alert-1.avsc");
        Instant clipEnd = Instant.parse("2026-05-01T10:00:01Z");
        GenericRecord old = new GenericData.Record(writer);
        old.put("alertId", "fall:e1");
        old.put("rule", "fall");
        old.put("cameraId", "cam-1");
        old.put("label", "falling_down");
        old.put("score", 0.9f);
        old.put("eventId", "e1");
        old.put("clipStartTime", clipEnd.minusSeconds(1).toEpochMilli());
        old.put("clipEndTime", clipEnd.toEpochMilli());
        old.put("raisedAt", clipEnd.plusSeconds(1).toEpochMilli());
        Alert read = readAsCurrent(writer, old);

        assertThat(read.getAlertId()).isEqualTo("fall:e1");
        assertThat(read.getCameraId()).isEqualTo("cam-1");
        assertThat(read.getClipEndTime()).isEqualTo(clipEnd);
        assertThat(read.getPerson()).isNull();
    }

    /** Writes {@code old} in its released schema's bytes and reads them back as the current Alert. */
    private static Alert readAsCurrent(Schema writer, GenericRecord old) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(writer).write(old, encoder);
        encoder.flush();
        return new SpecificDatumReader<Alert>(writer, Alert.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    private static void assertPersonDefaultsToNull(Schema current) {
        Schema.Field person = current.getField("person");
        assertThat(person).as(current.getName() + ".person").isNotNull();
        assertThat(person.defaultVal()).isEqualTo(JsonProperties.NULL_VALUE);
        assertThat(person.schema().getTypes()).extracting(Schema::getFullName)
                .containsExactly("null", Person.getClassSchema().getFullName());
    }

    private static void assertBackward(Schema current, String released) throws IOException {
        Schema writer = released(released);
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
        assertThat(result.getType()).as(result.getDescription())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    /** A released schema, parsed with the records that released schemas refer to by name. */
    private static Schema released(String name) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(LabelScore.getClassSchema().toString());
        parser.parse(Person.getClassSchema().toString());
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/released/" + name)) {
            assertThat(in).as(name).isNotNull();
            return parser.parse(in);
        }
    }
}
