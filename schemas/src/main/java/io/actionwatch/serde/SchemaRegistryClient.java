package io.actionwatch.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API, using only its standard endpoints so it works unchanged
 * against Confluent's registry and against compatible ones (Apicurio's {@code /apis/ccompat/v7}).
 *
 * <p>Ids are cached both ways (schema to id per subject, id to schema), so once a serde has seen its schemas the
 * registry is never called again. While the registry is unreachable (connection errors, HTTP 5xx) calls are retried
 * with exponential backoff up to the retry timeout; answers that retrying cannot change (409, 404, 422) fail at once.
 * Thread-safe.
 */
public final class SchemaRegistryClient implements AutoCloseable {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);

    /** Confluent's error code for "schema not found" (an id or a schema under a subject). */
    private static final int ERROR_SCHEMA_NOT_FOUND = 40403;
    private static final int ERROR_SUBJECT_NOT_FOUND = 40401;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_ERROR_BODY_CHARS = 500;

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);

    private final String baseUrl;
    private final Duration retryTimeout;
    private final Duration initialBackoff;
    private final HttpClient http;
    private final RegistryAccess access;
    private final ObjectMapper json = new ObjectMapper();
    private final ConcurrentMap<String, ConcurrentMap<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public SchemaRegistryClient(String baseUrl) {
        this(baseUrl, DEFAULT_RETRY_TIMEOUT, DEFAULT_INITIAL_BACKOFF);
    }

    /**
     * @param baseUrl        registry root, e.g. {@code http://127.0.0.1:8081} (Confluent) or
     *                       {@code http://127.0.0.1:8080/apis/ccompat/v7} (Apicurio)
     * @param retryTimeout   how long to keep retrying while the registry is unreachable; zero means one attempt
     * @param initialBackoff first pause between attempts, doubled after each failure (capped at 5 s)
     */
    public SchemaRegistryClient(String baseUrl, Duration retryTimeout, Duration initialBackoff) {
        this(baseUrl, retryTimeout, initialBackoff, RegistryAccess.NONE);
    }

    /** As above, with credentials and trusted certificates for a secured registry. */
    public SchemaRegistryClient(String baseUrl, Duration retryTimeout, Duration initialBackoff, RegistryAccess access) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.access = Objects.requireNonNull(access, "access");
        if (retryTimeout.isNegative()) {
            throw new IllegalArgumentException("retryTimeout must not be negative, was " + retryTimeout);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
        }
        String trimmed = baseUrl.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri = URI.create(trimmed);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("schema registry URL must be http(s)://host:port[/path], was '" + baseUrl + "'");
        }
        this.baseUrl = trimmed;
        this.retryTimeout = retryTimeout;
        this.initialBackoff = initialBackoff;
        // HTTP/1.1: an h2c upgrade attempt buys nothing for a handful of small calls and some proxies mishandle it.
        this.http = access.configure(HttpClient.newBuilder())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Registers {@code schema} under {@code subject} (or finds it already registered) and returns its global id.
     *
     * @throws PayloadException {@link PayloadErrorKind#INCOMPATIBLE_SCHEMA} when the registry refuses the schema,
     *                          {@link PayloadErrorKind#REGISTRY_UNAVAILABLE} when it cannot be reached in time
     */
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        String url = baseUrl + "/subjects/" + pathSegment(subject) + "/versions";
        JsonNode answer = call("register schema under subject " + subject, post(url, schema), (status, code, error) -> {
            if (status == 409) {
                return new PayloadException(PayloadErrorKind.INCOMPATIBLE_SCHEMA, "schema " + schema.getFullName()
                        + " is incompatible with earlier versions of subject " + subject + " (registry " + baseUrl
                        + " answered 409" + error + "); evolve it compatibly (e.g. add fields with defaults) or use a new topic version");
            }
            if (status == 422) {
                return new PayloadException(PayloadErrorKind.INCOMPATIBLE_SCHEMA, "registry " + baseUrl
                        + " rejected schema " + schema.getFullName() + " for subject " + subject + " as invalid (422" + error + ")");
            }
            return null;
        });
        int id = idField(answer, "register under " + subject);
        remember(subject, schema, id);
        log.debug("registered subject={} schema={} id={}", subject, schema.getFullName(), id);
        return id;
    }

    /**
     * The id of {@code schema} if it is already registered under {@code subject}; never registers (for
     * {@code auto.register.schemas=false}).
     *
     * @throws PayloadException {@link PayloadErrorKind#UNKNOWN_SCHEMA_ID} when the subject does not hold the schema
     */
    public int lookup(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        String url = baseUrl + "/subjects/" + pathSegment(subject);
        JsonNode answer = call("look up schema under subject " + subject, post(url, schema), (status, code, error) -> {
            if (status == 404 && (code == ERROR_SUBJECT_NOT_FOUND || code == ERROR_SCHEMA_NOT_FOUND)) {
                return new PayloadException(PayloadErrorKind.UNKNOWN_SCHEMA_ID, "schema " + schema.getFullName()
                        + " is not registered under subject " + subject + " at " + baseUrl + " (404" + error
                        + ") and auto-registration is off; register it first");
            }
            return null;
        });
        int id = idField(answer, "look up under " + subject);
        remember(subject, schema, id);
        return id;
    }

    /**
     * The schema with global id {@code id}.
     *
     * @throws PayloadException {@link PayloadErrorKind#UNKNOWN_SCHEMA_ID} when the registry does not know the id,
     *                          {@link PayloadErrorKind#REGISTRY_UNAVAILABLE} when it cannot be reached in time
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", CONTENT_TYPE)
                .GET()
                .build();
        // A 404 without Confluent's error code means a wrong base URL, not an unknown id: that is reported as such.
        JsonNode answer = call("fetch schema id " + id, request, (status, code, error) -> status == 404 && code == ERROR_SCHEMA_NOT_FOUND
                ? new PayloadException(PayloadErrorKind.UNKNOWN_SCHEMA_ID,
                        "schema id " + id + " is not known to the registry at " + baseUrl + " (404" + error + ")")
                : null);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new PayloadException(PayloadErrorKind.UNREADABLE_PAYLOAD,
                    "schema id " + id + " at " + baseUrl + " is a " + type + " schema, not Avro");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new PayloadException(PayloadErrorKind.REGISTRY_UNAVAILABLE,
                    "registry " + baseUrl + " answered schema id " + id + " without a 'schema' field: " + abbreviate(answer.toString()));
        }
        Schema schema;
        try {
            // A fresh parser per schema: Schema.Parser remembers every name it has seen.
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new PayloadException(PayloadErrorKind.UNREADABLE_PAYLOAD,
                    "schema id " + id + " from " + baseUrl + " is not a valid Avro schema: " + e.getMessage(), e);
        }
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public void close() {
        idsBySubject.clear();
        schemasById.clear();
        // HttpClient is AutoCloseable from Java 21 on; on 17 its threads end once it is unreachable.
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing HTTP client of schema registry client failed url={}", baseUrl, e);
            }
        }
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).putIfAbsent(schema, id);
        // The registry answered with this id for exactly this schema, so readers need not fetch it back.
        schemasById.putIfAbsent(id, schema);
    }

    private HttpRequest post(String url, Schema schema) {
        String body;
        try {
            body = json.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode schema " + schema.getFullName() + " as JSON", e);
        }
        return authorized(HttpRequest.newBuilder(URI.create(url)))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        access.authorization().ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    /** Maps a non-retriable HTTP answer to an exception, or returns null for "not a case I know". */
    @FunctionalInterface
    private interface ErrorMapper {
        PayloadException map(int status, int errorCode, String errorDetail);
    }

    private JsonNode call(String what, HttpRequest request, ErrorMapper errors) {
        long deadline = System.nanoTime() + retryTimeout.toNanos();
        Duration backoff = initialBackoff;
        int attempt = 0;
        while (true) {
            attempt++;
            String problem;
            Throwable cause = null;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(what, response.body());
                }
                JsonNode errorBody = errorBody(response.body());
                String detail = errorDetail(errorBody, response.body());
                if (status < 500 && status != 408 && status != 429) {
                    PayloadException mapped = errors.map(status, errorBody == null ? -1 : errorBody.path("error_code").asInt(-1), detail);
                    if (mapped != null) {
                        throw mapped;
                    }
                    throw new RegistryRefusedException("cannot " + what + ": registry " + baseUrl + " answered HTTP "
                            + status + detail + " to " + request.method() + " " + request.uri() + hint(status));
                }
                problem = "HTTP " + status + detail;
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PayloadException(PayloadErrorKind.REGISTRY_UNAVAILABLE,
                        "interrupted while trying to " + what + " at " + baseUrl, e);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new PayloadException(PayloadErrorKind.REGISTRY_UNAVAILABLE, "cannot " + what + ": registry "
                        + baseUrl + " unavailable after " + attempt + " attempt(s) in " + retryTimeout.toMillis()
                        + " ms; last error: " + problem, cause);
            }
            if (attempt == 1) {
                log.warn("schema registry unavailable, retrying url={} action=\"{}\" error=\"{}\" retryTimeoutMs={}",
                        baseUrl, what, problem, retryTimeout.toMillis());
            } else {
                log.debug("schema registry still unavailable url={} attempt={} error=\"{}\"", baseUrl, attempt, problem);
            }
            sleep(Math.min(backoff.toNanos(), remaining), what);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private String hint(int status) {
        return switch (status) {
            case 404 -> " (is the URL the root of a Confluent-compatible API?)";
            case 401 -> access.user().map(user -> " (the registry refused the credentials of '" + user + "')")
                    .orElse(" (the registry needs credentials: " + RegistrySerdeConfig.BASIC_AUTH_USER_INFO + ")");
            case 403 -> " (user '" + access.user().orElse("-") + "' may not do this; schemas are registered by the "
                    + "admin role at provisioning, services run with " + RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS + "=false)";
            default -> "";
        };
    }

    private void sleep(long nanos, String what) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PayloadException(PayloadErrorKind.REGISTRY_UNAVAILABLE,
                    "interrupted while waiting to retry: " + what + " at " + baseUrl, e);
        }
    }

    private JsonNode parse(String what, String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new PayloadException(PayloadErrorKind.REGISTRY_UNAVAILABLE,
                    "cannot " + what + ": registry " + baseUrl + " answered with invalid JSON: " + abbreviate(body), e);
        }
    }

    private int idField(JsonNode answer, String what) {
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new PayloadException(PayloadErrorKind.REGISTRY_UNAVAILABLE,
                    "registry " + baseUrl + " answered " + what + " without an integer 'id': " + abbreviate(answer.toString()));
        }
        return id.intValue();
    }

    /** The body of an error answer when it is Confluent's {"error_code": n, "message": "..."}, else null. */
    private JsonNode errorBody(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode error = json.readTree(body);
            return error != null && error.has("error_code") ? error : null;
        } catch (IOException e) {
            log.debug("registry error body is not JSON url={}", baseUrl, e);
            return null;
        }
    }

    /** ", error_code 40403: message" for a Confluent error body, ": raw body" otherwise. */
    private static String errorDetail(JsonNode errorBody, String rawBody) {
        if (errorBody != null) {
            return ", error_code " + errorBody.path("error_code").asText() + ": " + errorBody.path("message").asText();
        }
        return rawBody == null || rawBody.isBlank() ? "" : ": " + abbreviate(rawBody);
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ERROR_BODY_CHARS ? text : text.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
