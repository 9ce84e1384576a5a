package io.actionwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.stack.registry.ApicurioRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serdes against the real Apicurio Registry's Confluent-compatible API (BACKWARD compatibility). */
class RegistrySerdeIT {

    @TempDir
    static Path work;

    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), work.resolve("registry"));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static Map<String, Object> config(String url) {
        return Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, url);
    }

    @Test
    void registersUnderTopicValueSubjectAndRoundTrips() throws Exception {
        VideoFrame frame = frame(1);
        try (Serde<VideoFrame> writer = AvroSerdes.specific(VideoFrame.class, config(registry.ccompatUrl()), false);
             Serde<VideoFrame> reader = AvroSerdes.specific(VideoFrame.class, config(registry.ccompatUrl()), false);
             SchemaRegistryClient client = new SchemaRegistryClient(registry.ccompatUrl())) {
            byte[] bytes = writer.serializer().serialize("roundtrip.v1", frame);
            int id = WireFormat.schemaId("roundtrip.v1", bytes);
            assertThat(client.schemaById(id)).isEqualTo(VideoFrame.getClassSchema());
            assertThat(reader.deserializer().deserialize("roundtrip.v1", bytes)).isEqualTo(frame);
            // Registering the same schema again is not a new version: same id.
            assertThat(client.register("roundtrip.v1-value", VideoFrame.getClassSchema())).isEqualTo(id);
        }
        assertThat(get("/subjects")).contains("\"roundtrip.v1-value\"");
    }

    @Test
    void steadyStateMakesNoCallsToTheRealRegistry() throws Exception {
        try (CountingProxy proxy = new CountingProxy(registry.ccompatUrl());
             Serde<VideoFrame> writer = AvroSerdes.specific(VideoFrame.class, config(proxy.url()), false);
             Serde<VideoFrame> reader = AvroSerdes.specific(VideoFrame.class, config(proxy.url()), false)) {
            reader.deserializer().deserialize("cache.v1", writer.serializer().serialize("cache.v1", frame(0)));
            int warm = proxy.requests();
            assertThat(warm).isEqualTo(2);
            for (int i = 1; i <= 100; i++) {
                byte[] bytes = writer.serializer().serialize("cache.v1", frame(i));
                assertThat(reader.deserializer().deserialize("cache.v1", bytes).getSequence()).isEqualTo(i);
            }
            assertThat(proxy.requests()).isEqualTo(warm);
        }
    }

    @Test
    void incompatibleEvolutionIsRejected() {
        try (SchemaRegistryClient client = new SchemaRegistryClient(registry.ccompatUrl())) {
            client.register("incompatible.v1-value", LabelScore.getClassSchema());
            // A new field without a default: readers of v2 could not read v1 records, so BACKWARD refuses it.
            Schema v2 = labelScoreWith("{\"name\":\"source\",\"type\":\"string\"}");
            assertThatThrownBy(() -> client.register("incompatible.v1-value", v2))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.INCOMPATIBLE_SCHEMA))
                    .hasMessageContaining("incompatible.v1-value")
                    .hasMessageContaining("409");
        }
    }

    @Test
    void compatibleEvolutionIsAcceptedAndReadByTheOldReader() throws Exception {
        Schema v2 = labelScoreWith("{\"name\":\"source\",\"type\":\"string\",\"default\":\"model\"}");
        int v1Id;
        int v2Id;
        try (SchemaRegistryClient client = new SchemaRegistryClient(registry.ccompatUrl())) {
            v1Id = client.register("evolved.v1-value", LabelScore.getClassSchema());
            v2Id = client.register("evolved.v1-value", v2);
        }
        assertThat(v2Id).isNotEqualTo(v1Id);

        GenericRecord newer = new GenericData.Record(v2);
        newer.put("label", "jumping");
        newer.put("score", 0.75f);
        newer.put("source", "rules");
        byte[] payload = wire(v2Id, v2, newer);
        try (Serde<LabelScore> oldReader = AvroSerdes.specific(LabelScore.class, config(registry.ccompatUrl()), false)) {
            assertThat(oldReader.deserializer().deserialize("evolved.v1", payload)).isEqualTo(new LabelScore("jumping", 0.75f));
        }
    }

    @Test
    void unknownIdIsReported() {
        try (Serde<LabelScore> serde = AvroSerdes.specific(LabelScore.class, config(registry.ccompatUrl()), false)) {
            byte[] payload = {0, 0x00, (byte) 0xBC, 0x61, 0x4E, 0x02, 'a', 0, 0, 0, 0};
            assertThatThrownBy(() -> serde.deserializer().deserialize("actions.v1", payload))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.UNKNOWN_SCHEMA_ID))
                    .hasMessageContaining("12345678");
        }
    }

    private static Schema labelScoreWith(String extraField) {
        String v1 = LabelScore.getClassSchema().toString();
        return new Schema.Parser().parse(v1.substring(0, v1.lastIndexOf(']')) + "," + extraField + "]}");
    }

    private static byte[] wire(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[WireFormat.HEADER_BYTES];
        WireFormat.writeHeader(header, id);
        out.write(header);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static VideoFrame frame(long sequence) {
        return VideoFrame.newBuilder()
                .setCameraId("cam-it")
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_000L + sequence * 66))
                .setWidth(320)
                .setHeight(240)
                .setData(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) sequence, (byte) 0xFF, (byte) 0xD9}))
                .setMetadata(Map.of("label", "walking_left"))
                .build();
    }

    /** Forwards to the real registry and counts requests, to prove the serdes stop calling it once warm. */
    private static final class CountingProxy implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        CountingProxy(String target) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                byte[] body = exchange.getRequestBody().readAllBytes();
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().toString()))
                        .method(exchange.getRequestMethod(), body.length == 0
                                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                if (contentType != null) {
                    forward.header("Content-Type", contentType);
                }
                try {
                    HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                    exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
