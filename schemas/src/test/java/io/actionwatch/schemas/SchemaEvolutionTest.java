package io.actionwatch.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

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
        Schema.Field person = ActionEvent.getClassSchema().getField("person");
        assertThat(person).isNotNull();
        assertThat(person.defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    }

    private static void assertBackward(Schema current, String released) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(LabelScore.getClassSchema().toString());
        Schema writer;
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/released/" + released)) {
            assertThat(in).as(released).isNotNull();
            writer = parser.parse(in);
        }
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
        assertThat(result.getType()).as(result.getDescription())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
}
