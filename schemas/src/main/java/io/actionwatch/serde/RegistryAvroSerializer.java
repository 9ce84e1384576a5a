package io.actionwatch.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in the Confluent wire format, registering (or looking up) the record's schema under
 * subject {@code <topic>-value} ({@code <topic>-key} for keys). The schema id is cached per topic, so in steady
 * state a record costs one Avro encoding and no registry call. A null record stays null (a tombstone).
 *
 * <p>Either give it a client ({@link #RegistryAvroSerializer(SchemaRegistryClient, boolean, boolean)}; the caller
 * owns the client and {@link #configure} does nothing), or create it by class name and let {@link #configure} build
 * its own client from {@link RegistrySerdeConfig} (closed by {@link #close()}). Thread-safe once configured.
 */
public final class RegistryAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** A schema and the id the registry gave it under one topic's subject. */
    private record SubjectId(Schema schema, int id) {
    }

    private static final int SIZE_SLACK = 1024;

    private final ConcurrentMap<String, SubjectId> idsByTopic = new ConcurrentHashMap<>();
    private final ConcurrentMap<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    /** Racy on purpose: any recent size is a good enough first guess for the next buffer. */
    private volatile int sizeHint = 256;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean autoRegister;
    private boolean isKey;
    private boolean subjectByRecordName;

    /** For Kafka's instantiation by class name; {@link #configure} must be called before use. */
    public RegistryAvroSerializer() {
    }

    public RegistryAvroSerializer(SchemaRegistryClient client, boolean autoRegister, boolean isKey) {
        this(client, autoRegister, isKey, false);
    }

    /** @param subjectByRecordName values under their record's name ({@code RecordNameStrategy}), not their topic's */
    public RegistryAvroSerializer(SchemaRegistryClient client, boolean autoRegister, boolean isKey,
                                  boolean subjectByRecordName) {
        this.client = Objects.requireNonNull(client, "client");
        this.autoRegister = autoRegister;
        this.isKey = isKey;
        this.subjectByRecordName = !isKey && subjectByRecordName;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client != null) {
            return;
        }
        RegistrySerdeConfig config = new RegistrySerdeConfig(configs);
        this.client = config.newClient();
        this.ownsClient = true;
        this.autoRegister = config.autoRegisterSchemas();
        this.isKey = isKey;
        this.subjectByRecordName = !isKey && config.valueSubjectByRecordName();
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("RegistryAvroSerializer used before configure(): no schema registry client");
        }
        Schema schema = record.getSchema();
        int id = schemaId(topic, schema);
        // Sized from the previous record: frames are tens of KiB, and growing from a small buffer copies each one repeatedly.
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint + SIZE_SLACK);
        WireFormat.writeHeader(out, id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer(schema, record.getClass()).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new PayloadException(PayloadErrorKind.UNREADABLE_PAYLOAD, "cannot encode " + schema.getFullName()
                    + " for topic " + topic + " with its own schema: " + e.getMessage(), e);
        }
        sizeHint = out.size();
        return out.toByteArray();
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private int schemaId(String topic, Schema schema) {
        SubjectId cached = idsByTopic.get(topic);
        // Generated classes hand out one schema instance, so an identity check is enough on the hot path.
        if (cached != null && cached.schema() == schema) {
            return cached.id();
        }
        String subject = subjectByRecordName ? schema.getFullName() : subject(topic, isKey);
        int id = autoRegister ? client.register(subject, schema) : client.lookup(subject, schema);
        idsByTopic.put(topic, new SubjectId(schema, id));
        return id;
    }

    /** The subject a topic's keys or values are registered under: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    private DatumWriter<T> writer(Schema schema, Class<?> type) {
        DatumWriter<T> writer = writers.get(schema);
        if (writer == null) {
            // The generated class's own model carries its logical-type conversions (timestamps as Instant).
            writer = new SpecificDatumWriter<>(schema, SpecificData.getForClass(type));
            DatumWriter<T> previous = writers.putIfAbsent(schema, writer);
            writer = previous != null ? previous : writer;
        }
        return writer;
    }
}
