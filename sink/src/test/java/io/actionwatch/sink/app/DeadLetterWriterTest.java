package io.actionwatch.sink.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.sink.delivery.DeliveryErrorKind;
import io.actionwatch.sink.delivery.WrittenAlert;
import io.actionwatch.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** The dead letter of an undelivered alert points at the alert's record in alerts.v1 and names the webhook. */
class DeadLetterWriterTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:05Z");

    @Test
    void anUndeliveredAlertIsDeadLetteredWithItsRecordAndTheWebhook() throws IOException {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        DeadLetterWriter writer = new DeadLetterWriter(producer, avroBinary(), "sink-test", Clock.fixed(NOW, ZoneOffset.UTC));
        Alert alert = Alert.newBuilder()
                .setAlertId("fall:e1").setRule("fall").setCameraId("cam-1").setLabel("falling_down").setScore(0.9f)
                .setEventId("e1").setClipStartTime(NOW.minusSeconds(3)).setClipEndTime(NOW.minusSeconds(2))
                .setRaisedAt(NOW.minusSeconds(1)).build();
        byte[] key = "cam-1".getBytes(StandardCharsets.UTF_8);
        byte[] value = {0, 0, 0, 0, 42, 1, 2, 3};

        writer.write(new WrittenAlert(alert, Topics.ALERTS, 1, 17L, key, value), "pager",
                DeliveryErrorKind.WEBHOOK_RETRIES_EXHAUSTED, "5 attempts failed, the last with HTTP 503");

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Topics.DEAD_LETTERS);
            assertThat(record.key()).isEqualTo(key);
            DeadLetter letter = decode(record);
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.ALERTS);
            assertThat(letter.getSourcePartition()).isEqualTo(1);
            assertThat(letter.getSourceOffset()).isEqualTo(17L);
            assertThat(letter.getErrorKind()).isEqualTo("WEBHOOK_RETRIES_EXHAUSTED");
            assertThat(letter.getErrorMessage()).isEqualTo("webhook pager: 5 attempts failed, the last with HTTP 503");
            assertThat(bytes(letter.getPayload())).isEqualTo(value);
            assertThat(letter.getFailedAt()).isEqualTo(NOW);
            assertThat(letter.getApplication()).isEqualTo("sink-test");
        });
    }

    /** Plain Avro binary: this test is about the letter's fields, not the registry's wire format. */
    private static Serializer<DeadLetter> avroBinary() {
        return (topic, letter) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            try {
                new SpecificDatumWriter<>(DeadLetter.class).write(letter, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        };
    }

    private static DeadLetter decode(ProducerRecord<byte[], byte[]> record) {
        try {
            return new SpecificDatumReader<>(DeadLetter.class).read(null,
                    DecoderFactory.get().binaryDecoder(record.value(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
