package io.actionwatch.operator.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One JSON object per line for an Avro record, with the schema's field names, so {@code jq} and scripts read events
 * and alerts without Avro. Not Avro's own JSON encoding, which wraps every optional value in its type
 * ({@code {"string": "cam-1"}}): here an optional value is the value or {@code null}, timestamps are ISO-8601 instants
 * in UTC, and bytes are base64.
 */
public final class AvroJsonLines {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJsonLines() {
    }

    /** The record as one line of JSON (no line break). */
    public static String line(SpecificRecord record) {
        try {
            return MAPPER.writeValueAsString(toNode(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record.getSchema().getFullName() + " as JSON", e);
        }
    }

    static ObjectNode toNode(SpecificRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof SpecificRecord record) {
            return toNode(record);
        } else if (value instanceof CharSequence text) {
            return NODES.textNode(text.toString());
        } else if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        } else if (value instanceof Float number) {
            return NODES.numberNode(number);
        } else if (value instanceof Double number) {
            return NODES.numberNode(number);
        } else if (value instanceof Integer number) {
            return NODES.numberNode(number);
        } else if (value instanceof Long number) {
            return NODES.numberNode(number);
        } else if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        } else if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] raw = new byte[copy.remaining()];
            copy.get(raw);
            return NODES.textNode(Base64.getEncoder().encodeToString(raw));
        } else if (value instanceof List<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(value(item)));
            return array;
        } else if (value instanceof Map<?, ?> entries) {
            ObjectNode object = NODES.objectNode();
            entries.forEach((key, item) -> object.set(String.valueOf(key), value(item)));
            return object;
        } else if (value instanceof Enum<?> symbol) {
            return NODES.textNode(symbol.name());
        }
        throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName() + " in an Avro record");
    }
}
