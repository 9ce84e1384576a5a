package io.actionwatch.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted stand-in for a registry, for what a real one cannot be made to do on demand (fail with 503, answer
 * a fixed id) and to count requests. Queued answers go first, in order; then the handler answers.
 */
final class ScriptedRegistry implements AutoCloseable {

    record Request(String method, String path, String contentType, String body) {
    }

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Queue<Answer> queued = new ConcurrentLinkedQueue<>();
    private volatile Function<Request, Answer> handler = request -> new Answer(500, "{\"error_code\":50001,\"message\":\"no script\"}");

    private ScriptedRegistry(HttpServer server) {
        this.server = server;
    }

    static ScriptedRegistry start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScriptedRegistry registry = new ScriptedRegistry(server);
            server.createContext("/", registry::handle);
            server.start();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    ScriptedRegistry answer(Function<Request, Answer> handler) {
        this.handler = handler;
        return this;
    }

    ScriptedRegistry queue(int status, String body) {
        queued.add(new Answer(status, body));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), body);
        requests.add(request);
        Answer answer = queued.poll();
        if (answer == null) {
            answer = handler.apply(request);
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
