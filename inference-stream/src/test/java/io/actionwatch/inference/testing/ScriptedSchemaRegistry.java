package io.actionwatch.inference.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for a Confluent Schema Registry, speaking the subset of its REST API a serde uses
 * (register, lookup, schema by id, latest version, config), so TopologyTestDriver tests exercise the real
 * registry serdes and wire format without a registry process. Same schema text, same id, as in the real thing.
 */
public final class ScriptedSchemaRegistry implements AutoCloseable {

    private static final String JSON = "application/vnd.schemaregistry.v1+json";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean unavailable;

    private ScriptedSchemaRegistry(HttpServer server) {
        this.server = server;
    }

    public static ScriptedSchemaRegistry start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScriptedSchemaRegistry registry = new ScriptedSchemaRegistry(server);
            server.createContext("/", registry::handle);
            server.start();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base URL to configure as schema.registry.url. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** While true every request is answered 503, like a registry that is down. */
    public void unavailable(boolean down) {
        this.unavailable = down;
    }

    public int requestCount() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (unavailable) {
                reply(exchange, 503, Map.of("error_code", 50300, "message", "scripted outage"));
                return;
            }
            String method = exchange.getRequestMethod();
            String path = URI.create(exchange.getRequestURI().getPath()).getPath();
            String[] parts = path.replaceAll("^/+", "").split("/");
            synchronized (this) {
                route(exchange, method, parts);
            }
        }
    }

    private void route(HttpExchange exchange, String method, String[] p) throws IOException {
        if (p.length >= 3 && p[0].equals("subjects") && p[2].equals("versions") && method.equals("POST")) {
            String schema = schemaOf(exchange);
            int id = idsBySchema.computeIfAbsent(schema, s -> {
                int next = schemasById.size() + 1;
                schemasById.put(next, s);
                return next;
            });
            List<Integer> versions = versionsBySubject.computeIfAbsent(p[1], s -> new ArrayList<>());
            if (!versions.contains(id)) {
                versions.add(id);
            }
            reply(exchange, 200, Map.of("id", id));
        } else if (p.length == 2 && p[0].equals("subjects") && method.equals("POST")) {
            String schema = schemaOf(exchange);
            Integer id = idsBySchema.get(schema);
            List<Integer> versions = versionsBySubject.getOrDefault(p[1], List.of());
            if (id == null || !versions.contains(id)) {
                reply(exchange, 404, Map.of("error_code", 40403, "message", "Schema not found"));
            } else {
                reply(exchange, 200, Map.of("subject", p[1], "id", id, "version", versions.indexOf(id) + 1,
                        "schema", schema));
            }
        } else if (p.length >= 3 && p[0].equals("schemas") && p[1].equals("ids") && method.equals("GET")) {
            String schema = schemasById.get(Integer.parseInt(p[2]));
            if (schema == null) {
                reply(exchange, 404, Map.of("error_code", 40403, "message", "Schema " + p[2] + " not found"));
            } else if (p.length == 4 && p[3].equals("schema")) {
                raw(exchange, schema);
            } else {
                reply(exchange, 200, Map.of("schema", schema));
            }
        } else if (p.length == 4 && p[0].equals("subjects") && p[2].equals("versions") && method.equals("GET")) {
            List<Integer> versions = versionsBySubject.getOrDefault(p[1], List.of());
            if (versions.isEmpty()) {
                reply(exchange, 404, Map.of("error_code", 40401, "message", "Subject not found"));
                return;
            }
            int version = p[3].equals("latest") ? versions.size() : Integer.parseInt(p[3]);
            int id = versions.get(version - 1);
            reply(exchange, 200, Map.of("subject", p[1], "id", id, "version", version, "schema", schemasById.get(id)));
        } else if (p.length == 1 && p[0].equals("subjects")) {
            reply(exchange, 200, List.copyOf(versionsBySubject.keySet()));
        } else if (p.length >= 1 && p[0].equals("config")) {
            reply(exchange, 200, Map.of("compatibilityLevel", "BACKWARD"));
        } else {
            reply(exchange, 404, Map.of("error_code", 404, "message", "no route " + method + " /" + String.join("/", p)));
        }
    }

    private String schemaOf(HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody());
        // Canonical text so the same schema gets the same id however it is spaced.
        return json.readTree(body.path("schema").asText()).toString();
    }

    private void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void raw(HttpExchange exchange, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
