package io.actionwatch.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A service's Prometheus endpoint: its own {@link PrometheusMeterRegistry} served at {@link MetricNames#PATH} by the
 * JDK's HTTP server (no web framework for one read-only page). Port 0 takes a free port, a negative port serves
 * nothing (the registry still counts, so code never asks whether metrics are on).
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** Configured port that turns the endpoint off. */
    public static final int OFF = -1;

    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final PrometheusMeterRegistry registry;
    private final HttpServer server;

    private MetricsEndpoint(PrometheusMeterRegistry registry, HttpServer server) {
        this.registry = registry;
        this.server = server;
    }

    /**
     * @param service names the service in the log line
     * @param port    0 = any free port, negative = no endpoint, else the port
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static MetricsEndpoint start(String service, int port) {
        if (port > 65535) {
            throw new IllegalArgumentException("metrics port " + port + " is not a port (0..65535, or -1 for off)");
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (port < 0) {
            return new MetricsEndpoint(registry, null);
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext(MetricNames.PATH, exchange -> serve(exchange, registry));
            server.start();
            MetricsEndpoint endpoint = new MetricsEndpoint(registry, server);
            log.info("{} metrics at {}", service, endpoint.url().orElseThrow());
            return endpoint;
        } catch (IOException e) {
            registry.close();
            throw new UncheckedIOException("cannot serve " + service + " metrics on port " + port, e);
        }
    }

    private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Where the metrics are served (the loopback address), empty when the endpoint is off. */
    public Optional<URI> url() {
        return server == null ? Optional.empty()
                : Optional.of(URI.create("http://localhost:" + server.getAddress().getPort() + MetricNames.PATH));
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        registry.close();
    }
}
