package io.actionwatch.launcher.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.actionwatch.schemas.Alert;
import io.actionwatch.text.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live dashboard: one web page fed only by the pipeline's topics, so it works against any deployment. Routes:
 * {@code /} the page, {@value #EVENTS_PATH} a server-sent-event stream of the state every {@link #PUSH_PERIOD},
 * {@code /frame/<camera>.jpg} a camera's latest frame as the camera encoded it, {@code /evidence/<alertId>.png} the
 * alert's clip as a strip of frames.
 */
public final class Dashboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    /** The port setting that serves no dashboard, as {@code MetricsEndpoint.OFF} does for metrics. */
    public static final int OFF = -1;
    static final String EVENTS_PATH = "/events";
    static final String FRAME_PREFIX = "/frame/";
    static final String EVIDENCE_PREFIX = "/evidence/";
    static final Duration PUSH_PERIOD = Duration.ofMillis(500);
    /** Evidence strips kept, by alert id: the feed asks for each on every render of a new page. */
    static final int EVIDENCE_CACHED = DashboardState.ALERTS_KEPT;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService pusher;
    private final TopicReader reader;
    private final LagProbe lag;
    private final DashboardState state;
    private final EvidenceSheet evidence;
    private final Clock clock;
    private final List<OutputStream> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> evidenceCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > EVIDENCE_CACHED;
        }
    };
    private final byte[] page;

    private Dashboard(HttpServer server, TopicReader reader, LagProbe lag, DashboardState state,
                      EvidenceSheet evidence, Clock clock) {
        this.server = server;
        this.reader = reader;
        this.lag = lag;
        this.state = state;
        this.evidence = evidence;
        this.clock = clock;
        this.page = resource("dashboard.html");
        // Evidence reads the frames topic for up to seconds: several requests must not queue behind one another.
        this.handlers = Executors.newFixedThreadPool(4, daemon("dashboard-http"));
        this.pusher = Executors.newSingleThreadScheduledExecutor(daemon("dashboard-push"));
    }

    /**
     * Starts reading the topics of the cluster {@code client} names (bootstrap servers, registry URL and any security
     * settings: a secured stack's operator role) and serving on {@code port} (0: a free one) on all interfaces. {@code streamsGroupId} is
     * the stream application's id, whose consumer lag the header shows.
     */
    public static Dashboard start(Map<String, Object> client, String streamsGroupId, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("dashboard port must be 0 (any free port) or up to 65535, got " + port);
        }
        Clock clock = Clock.systemUTC();
        DashboardState state = new DashboardState();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the dashboard on port " + port, e);
        }
        TopicReader reader = new TopicReader(client, state, clock);
        LagProbe lag = new LagProbe(client, streamsGroupId, state);
        Dashboard dashboard = new Dashboard(server, reader, lag, state, new EvidenceSheet(client), clock);
        try {
            dashboard.startAll();
        } catch (RuntimeException e) {
            dashboard.close();
            throw e;
        }
        return dashboard;
    }

    private void startAll() {
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        reader.start();
        lag.start();
        pusher.scheduleAtFixedRate(this::push, 0, PUSH_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        server.start();
    }

    public URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "text/plain", "GET only\n".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/")) {
                reply(exchange, 200, "text/html; charset=utf-8", page);
            } else if (path.equals(EVENTS_PATH)) {
                listen(exchange);
            } else if (path.startsWith(FRAME_PREFIX) && path.endsWith(".jpg")) {
                String camera = path.substring(FRAME_PREFIX.length(), path.length() - ".jpg".length());
                Optional<byte[]> jpeg = state.latestJpeg(camera);
                if (jpeg.isPresent()) {
                    reply(exchange, 200, "image/jpeg", jpeg.get());
                } else {
                    notFound(exchange, "no frame of camera " + UntrustedText.excerpt(camera) + " yet");
                }
            } else if (path.startsWith(EVIDENCE_PREFIX) && path.endsWith(".png")) {
                String alertId = path.substring(EVIDENCE_PREFIX.length(), path.length() - ".png".length());
                Optional<Alert> alert = state.alert(alertId);
                if (alert.isPresent()) {
                    reply(exchange, 200, "image/png", evidence(alert.get()));
                } else {
                    notFound(exchange, "no alert " + UntrustedText.excerpt(alertId) + " in the feed");
                }
            } else {
                notFound(exchange, "no page " + UntrustedText.excerpt(path));
            }
        } catch (RuntimeException e) {
            log.warn("dashboard request {} failed: {}", UntrustedText.excerpt(path), e.toString(), e);
            reply(exchange, 500, "text/plain; charset=utf-8", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private byte[] evidence(Alert alert) {
        synchronized (evidenceCache) {
            byte[] cached = evidenceCache.get(alert.getAlertId());
            if (cached != null) {
                return cached;
            }
        }
        byte[] png = evidence.png(alert);
        synchronized (evidenceCache) {
            evidenceCache.put(alert.getAlertId(), png);
        }
        return png;
    }

    /** Keeps the exchange open: {@link #push} writes every snapshot to it until the browser goes away. */
    private void listen(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        write(body, state.snapshotJson(clock.millis()));
        listeners.add(body);
    }

    private void push() {
        if (listeners.isEmpty()) {
            return;
        }
        String snapshot = state.snapshotJson(clock.millis());
        for (OutputStream listener : listeners) {
            try {
                write(listener, snapshot);
            } catch (IOException gone) {
                // The browser closed the page or reloaded: the stream is done; close our end too.
                listeners.remove(listener);
                closeQuietly(listener);
            }
        }
    }

    private static void write(OutputStream body, String json) throws IOException {
        body.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    private static void notFound(HttpExchange exchange, String why) throws IOException {
        reply(exchange, 404, "text/plain; charset=utf-8", (why + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard page " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard page " + name, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException alreadyBroken) {
            log.debug("closing a dropped event stream: {}", alreadyBroken.toString());
        }
    }

    @Override
    public void close() {
        pusher.shutdownNow();
        listeners.forEach(Dashboard::closeQuietly);
        listeners.clear();
        server.stop(0);
        handlers.shutdownNow();
        lag.close();
        reader.close();
    }
}
