package io.actionwatch.sink.delivery;

import io.actionwatch.schemas.Alert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The body a webhook receives: the Alert record in Avro's JSON encoding (UTF-8). That is the one JSON form of the
 * record that has a specification and a decoder (any Avro library reads it back with the Alert schema), so receivers
 * need no second, hand-written contract. Its shape: every field by name; times as epoch milliseconds; an optional
 * field that is set is wrapped in an object naming its type, e.g. {@code "framesTopic": {"string": "frames.v1"}} and
 * {@code "person": {"io.actionwatch.schemas.Person": {...}}}, and is {@code null} when not set.
 */
public final class AlertJson {

    public static final String CONTENT_TYPE = "application/json";

    private AlertJson() {
    }

    public static byte[] encode(Alert alert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(Alert.getClassSchema(), out);
            new SpecificDatumWriter<>(Alert.class).write(alert, encoder);
            encoder.flush();
        } catch (IOException e) {
            // Writing to memory does not fail on I/O; an exception here is a broken record.
            throw new UncheckedIOException("cannot encode alert " + alert.getAlertId() + " as JSON", e);
        }
        return out.toByteArray();
    }
}
