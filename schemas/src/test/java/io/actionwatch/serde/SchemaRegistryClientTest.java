package io.actionwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionwatch.schemas.LabelScore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = LabelScore.getClassSchema();

    private final ScriptedRegistry registry = ScriptedRegistry.start();

    @AfterEach
    void stop() {
        registry.close();
    }

    private SchemaRegistryClient client() {
        return new SchemaRegistryClient(registry.url() + "/", Duration.ofSeconds(5), Duration.ofMillis(10));
    }

    @Test
    void registersUnderSubjectWithConfluentRequestAndCachesTheId() throws Exception {
        registry.queue(200, "{\"id\":42}");
        try (SchemaRegistryClient client = client()) {
            assertThat(client.register("actions.v1-value", SCHEMA)).isEqualTo(42);
            assertThat(client.register("actions.v1-value", SCHEMA)).isEqualTo(42);
            // Registering answered the id for this schema, so reading it back needs no call either.
            assertThat(client.schemaById(42)).isEqualTo(SCHEMA);
        }
        assertThat(registry.requests()).hasSize(1);
        ScriptedRegistry.Request request = registry.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/actions.v1-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        Map<String, Object> body = JSON.readValue(request.body(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        assertThat(body.keySet()).containsExactly("schema");
        assertThat(new Schema.Parser().parse((String) body.get("schema"))).isEqualTo(SCHEMA);
    }

    @Test
    void cachesIdsPerSubject() {
        registry.queue(200, "{\"id\":1}").queue(200, "{\"id\":1}");
        try (SchemaRegistryClient client = client()) {
            client.register("a-value", SCHEMA);
            client.register("b-value", SCHEMA);
            client.register("a-value", SCHEMA);
            client.register("b-value", SCHEMA);
        }
        assertThat(registry.requests()).extracting(ScriptedRegistry.Request::path)
                .containsExactly("/subjects/a-value/versions", "/subjects/b-value/versions");
    }

    @Test
    void fetchesSchemaByIdOnce() throws Exception {
        registry.queue(200, JSON.writeValueAsString(Map.of("schema", SCHEMA.toString())));
        try (SchemaRegistryClient client = client()) {
            assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
            assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        }
        assertThat(registry.requests()).extracting(ScriptedRegistry.Request::method, ScriptedRegistry.Request::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/schemas/ids/7"));
    }

    @Test
    void conflictIsIncompatibleSchemaWithTheRegistrysReason() {
        registry.queue(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
        try (SchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.register("frames.v1-value", SCHEMA))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.INCOMPATIBLE_SCHEMA))
                    .hasMessageContaining("frames.v1-value")
                    .hasMessageContaining("409")
                    .hasMessageContaining("Schema being registered is incompatible");
        }
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void invalidSchemaAnswerIsIncompatibleSchema() {
        registry.queue(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");
        try (SchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.register("x-value", SCHEMA))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.INCOMPATIBLE_SCHEMA))
                    .hasMessageContaining("42201");
        }
    }

    @Test
    void unknownIdIsUnknownSchemaIdAndNotRetried() {
        registry.answer(r -> new ScriptedRegistry.Answer(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}"));
        try (SchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.schemaById(99))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.UNKNOWN_SCHEMA_ID))
                    .hasMessageContaining("schema id 99")
                    .hasMessageContaining("40403");
        }
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void notFoundWithoutConfluentErrorCodeMeansWrongUrlNotUnknownId() {
        registry.answer(r -> new ScriptedRegistry.Answer(404, "<html>Not Found</html>"));
        try (SchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOfSatisfying(RegistryRefusedException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.REGISTRY_UNAVAILABLE))
                    .hasMessageContaining("HTTP 404")
                    .hasMessageContaining("Confluent-compatible");
        }
        assertThat(registry.requests()).as("not retried").hasSize(1);
    }

    @Test
    void refusedCredentialsAndRightsAreRefusalsNotRetried() {
        registry.queue(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}")
                .queue(403, "{\"error_code\":403,\"message\":\"Forbidden\"}");
        try (SchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(RegistryRefusedException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining(RegistrySerdeConfig.BASIC_AUTH_USER_INFO);
            assertThatThrownBy(() -> client.register("s-value", SCHEMA)).isInstanceOf(RegistryRefusedException.class)
                    .hasMessageContaining("HTTP 403");
        }
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void retriesServerErrorsUntilTheRegistryAnswers() {
        registry.queue(503, "").queue(500, "{\"error_code\":50001,\"message\":\"store not ready\"}").queue(200, "{\"id\":5}");
        try (SchemaRegistryClient client = client()) {
            assertThat(client.register("s-value", SCHEMA)).isEqualTo(5);
        }
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void givesUpAfterRetryTimeoutWithLastError() {
        registry.answer(r -> new ScriptedRegistry.Answer(503, "{\"error_code\":50302,\"message\":\"overloaded\"}"));
        try (SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofMillis(300), Duration.ofMillis(20))) {
            assertThatThrownBy(() -> client.register("s-value", SCHEMA))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.REGISTRY_UNAVAILABLE))
                    .hasMessageContaining("HTTP 503")
                    .hasMessageContaining("overloaded");
        }
        assertThat(registry.requests().size()).isGreaterThan(1);
    }

    @Test
    void unreachableRegistryIsRegistryUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (SchemaRegistryClient client = new SchemaRegistryClient("http://127.0.0.1:" + closedPort,
                Duration.ofMillis(200), Duration.ofMillis(20))) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.REGISTRY_UNAVAILABLE))
                    .hasMessageContaining("127.0.0.1:" + closedPort)
                    .hasMessageContaining("ConnectException");
        }
    }

    @Test
    void lookupWithoutRegisteringUsesTheSubjectEndpoint() {
        registry.queue(200, "{\"subject\":\"t-value\",\"version\":1,\"id\":3,\"schema\":\"...\"}")
                .queue(404, "{\"error_code\":40401,\"message\":\"Subject 'u-value' not found.\"}");
        try (SchemaRegistryClient client = client()) {
            assertThat(client.lookup("t-value", SCHEMA)).isEqualTo(3);
            assertThatThrownBy(() -> client.lookup("u-value", SCHEMA))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.UNKNOWN_SCHEMA_ID))
                    .hasMessageContaining("not registered under subject u-value");
        }
        assertThat(registry.requests()).extracting(ScriptedRegistry.Request::path)
                .containsExactly("/subjects/t-value", "/subjects/u-value");
    }

    @Test
    void nonAvroSchemaIsReported() throws Exception {
        registry.queue(200, JSON.writeValueAsString(Map.of("schemaType", "PROTOBUF", "schema", "syntax = \"proto3\";")));
        try (SchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.schemaById(8))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.UNREADABLE_PAYLOAD))
                    .hasMessageContaining("PROTOBUF");
        }
    }

    @Test
    void rejectsUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> new SchemaRegistryClient("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost:8081");
    }
}
