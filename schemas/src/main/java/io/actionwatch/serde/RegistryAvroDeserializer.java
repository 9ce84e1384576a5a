package io.actionwatch.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import io.actionwatch.text.UntrustedText;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format payloads into a generated Avro class: the writer schema comes from the registry by
 * the id in the header and is resolved against the class's own (reader) schema, so records written by older or
 * newer compatible schema versions read fine. Readers are cached per schema id, so steady state never calls the
 * registry.
 *
 * <p>Every failure is a {@link PayloadException} whose kind says what was wrong: {@code NOT_WIRE_FORMAT} (null,
 * short, wrong magic byte), {@code UNKNOWN_SCHEMA_ID}, {@code UNREADABLE_PAYLOAD} (body does not decode, or the
 * writer schema cannot be read as the reader schema), {@code REGISTRY_UNAVAILABLE}. Thread-safe once configured.
 *
 * <p>Payloads come from producers this process does not trust (cameras): a body that declares more than it holds (a
 * 1 GiB string in a 30-byte record, a map of 2^30 entries) is {@code UNREADABLE_PAYLOAD} before anything is sized by
 * it ({@link BoundedBinaryDecoder}), so what one record makes the reader allocate is bounded by the record's size.
 */
public final class RegistryAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final ConcurrentMap<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();
    private Class<T> type;
    private Schema readerSchema;
    private SpecificData model;
    private SchemaRegistryClient client;
    private boolean ownsClient;

    /**
     * For Kafka's instantiation by class name: {@link #configure} builds the client and takes the reader class from
     * {@code specific.avro.value.type} (or {@code specific.avro.key.type}).
     */
    public RegistryAvroDeserializer() {
    }

    /** Reads into {@code type}; {@link #configure} builds the client. */
    public RegistryAvroDeserializer(Class<T> type) {
        setType(Objects.requireNonNull(type, "type"));
    }

    /** Reads into {@code type} through {@code client}, which the caller owns; {@link #configure} does nothing. */
    public RegistryAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
        setType(Objects.requireNonNull(type, "type"));
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client != null) {
            return;
        }
        RegistrySerdeConfig config = new RegistrySerdeConfig(configs);
        if (type == null) {
            Class<?> configured = config.specificType(isKey);
            String key = isKey ? RegistrySerdeConfig.SPECIFIC_KEY_TYPE : RegistrySerdeConfig.SPECIFIC_VALUE_TYPE;
            if (configured == null || !SpecificRecord.class.isAssignableFrom(configured)) {
                throw new org.apache.kafka.common.config.ConfigException(key, configured,
                        "must name a generated Avro class (a SpecificRecord) to read into");
            }
            setType((Class<T>) configured);
        }
        this.client = config.newClient();
        this.ownsClient = true;
    }

    @Override
    public T deserialize(String topic, byte[] payload) {
        int id = WireFormat.schemaId(topic, payload);
        if (client == null) {
            throw new IllegalStateException("RegistryAvroDeserializer used before configure(): no schema registry client");
        }
        DatumReader<T> reader = reader(id);
        try {
            // Not Avro's BinaryDecoder: that one allocates whatever length a payload declares before reading it.
            BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(payload, WireFormat.HEADER_BYTES,
                    payload.length - WireFormat.HEADER_BYTES);
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new PayloadException(PayloadErrorKind.UNREADABLE_PAYLOAD, "payload on topic " + topic
                        + " with schema id " + id + " has bytes left over after a complete " + readerSchema.getFullName()
                        + " record; it was not written with that schema");
            }
            return record;
        } catch (PayloadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new PayloadException(PayloadErrorKind.UNREADABLE_PAYLOAD, "cannot read payload on topic " + topic
                    + " (" + payload.length + " bytes, schema id " + id + ") as " + readerSchema.getFullName() + ": "
                    + e.getClass().getSimpleName()
                    // Avro's message may quote the payload's own bytes; it ends up in logs and dead letters.
                    + (e.getMessage() == null ? "" : ": " + UntrustedText.excerpt(e.getMessage())), e);
        }
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private void setType(Class<T> type) {
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    private DatumReader<T> reader(int id) {
        DatumReader<T> reader = readersById.get(id);
        if (reader == null) {
            Schema writerSchema = client.schemaById(id);
            reader = new SpecificDatumReader<>(writerSchema, readerSchema, model);
            DatumReader<T> previous = readersById.putIfAbsent(id, reader);
            reader = previous != null ? previous : reader;
        }
        return reader;
    }
}
