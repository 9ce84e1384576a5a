package io.actionwatch.launcher.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.VideoFrame;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What the dashboard shows, as read from the topics: per camera its latest frame (still encoded: the browser decodes
 * it) and its recent labels, the latest alerts, and the figures of the header bar. Written by the topic reader and the
 * lag probe, read by the HTTP handlers; every method is synchronized because the writes are a few per frame and
 * event, far below what contention would notice.
 */
final class DashboardState {

    /** Labels in a camera's strip. */
    static final int RECENT_LABELS = 12;
    /** Alerts in the feed; older ones drop out of the page and their evidence can no longer be asked for. */
    static final int ALERTS_KEPT = 20;
    /** Throughput is events over this window, divided by its length. */
    static final Duration THROUGHPUT_WINDOW = Duration.ofSeconds(10);
    /** Latencies kept for the median. */
    static final int LATENCIES_KEPT = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, CameraView> cameras = new TreeMap<>();
    private final Deque<Alert> alerts = new ArrayDeque<>();
    private final Deque<Long> eventArrivals = new ArrayDeque<>();
    private final Deque<Long> latencies = new ArrayDeque<>();
    private long eventsSeen;
    private Long consumerLag;
    private String lagProblem = "not measured yet";

    synchronized void frame(VideoFrame frame) {
        CameraView camera = camera(frame.getCameraId());
        camera.jpeg = frame.getData().duplicate();
        camera.frameSequence = frame.getSequence();
    }

    synchronized void event(ActionEvent event, long nowMillis) {
        CameraView camera = camera(event.getCameraId());
        camera.label = event.getLabel();
        camera.score = event.getScore();
        camera.recent.addLast(event.getLabel());
        while (camera.recent.size() > RECENT_LABELS) {
            camera.recent.removeFirst();
        }
        eventsSeen++;
        eventArrivals.addLast(nowMillis);
        // Capture of the clip's last frame to this reader: what a person watching the page waits.
        latencies.addLast(Math.max(0, nowMillis - event.getClipEndTime().toEpochMilli()));
        while (latencies.size() > LATENCIES_KEPT) {
            latencies.removeFirst();
        }
    }

    synchronized void alert(Alert alert) {
        alerts.removeIf(kept -> kept.getAlertId().equals(alert.getAlertId()));
        alerts.addFirst(alert);
        while (alerts.size() > ALERTS_KEPT) {
            alerts.removeLast();
        }
    }

    synchronized void lag(long records) {
        consumerLag = records;
        lagProblem = null;
    }

    synchronized void lagUnknown(String why) {
        consumerLag = null;
        lagProblem = why;
    }

    synchronized Optional<byte[]> latestJpeg(String cameraId) {
        CameraView camera = cameras.get(cameraId);
        if (camera == null || camera.jpeg == null) {
            return Optional.empty();
        }
        byte[] bytes = new byte[camera.jpeg.remaining()];
        camera.jpeg.duplicate().get(bytes);
        return Optional.of(bytes);
    }

    synchronized Optional<Alert> alert(String alertId) {
        return alerts.stream().filter(alert -> alert.getAlertId().equals(alertId)).findFirst();
    }

    synchronized double throughputPerSecond(long nowMillis) {
        long since = nowMillis - THROUGHPUT_WINDOW.toMillis();
        while (!eventArrivals.isEmpty() && eventArrivals.peekFirst() < since) {
            eventArrivals.removeFirst();
        }
        return eventArrivals.size() / (double) THROUGHPUT_WINDOW.toSeconds();
    }

    synchronized OptionalLong latencyMedianMillis() {
        if (latencies.isEmpty()) {
            return OptionalLong.empty();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return OptionalLong.of(sorted.get((sorted.size() - 1) / 2));
    }

    /** Everything the page renders, as one JSON document (sent on every server-sent event). */
    synchronized String snapshotJson(long nowMillis) {
        ObjectNode root = JSON.createObjectNode();
        root.put("eventsSeen", eventsSeen);
        root.put("throughputPerSecond", throughputPerSecond(nowMillis));
        OptionalLong median = latencyMedianMillis();
        if (median.isPresent()) {
            root.put("latencyMedianMillis", median.getAsLong());
        } else {
            root.putNull("latencyMedianMillis");
        }
        if (consumerLag != null) {
            root.put("consumerLag", consumerLag);
        } else {
            root.putNull("consumerLag");
            root.put("lagProblem", lagProblem);
        }
        ArrayNode cameraNodes = root.putArray("cameras");
        for (Map.Entry<String, CameraView> entry : cameras.entrySet()) {
            CameraView camera = entry.getValue();
            ObjectNode node = cameraNodes.addObject();
            node.put("id", entry.getKey());
            node.put("frameSequence", camera.frameSequence);
            node.put("hasFrame", camera.jpeg != null);
            node.put("label", camera.label);
            node.put("score", camera.score);
            ArrayNode recent = node.putArray("recent");
            camera.recent.forEach(recent::add);
        }
        ArrayNode alertNodes = root.putArray("alerts");
        for (Iterator<Alert> it = alerts.iterator(); it.hasNext(); ) {
            Alert alert = it.next();
            ObjectNode node = alertNodes.addObject();
            node.put("id", alert.getAlertId());
            node.put("rule", alert.getRule());
            node.put("camera", alert.getCameraId());
            node.put("label", alert.getLabel());
            node.put("score", alert.getScore());
            node.put("raisedAt", alert.getRaisedAt().toString());
            node.put("clipMillis", alert.getClipEndTime().toEpochMilli() - alert.getClipStartTime().toEpochMilli());
        }
        return root.toString();
    }

    private CameraView camera(String cameraId) {
        return cameras.computeIfAbsent(cameraId, id -> new CameraView());
    }

    /** One tile's data. */
    private static final class CameraView {
        java.nio.ByteBuffer jpeg;
        long frameSequence = -1;
        String label;
        float score;
        final Deque<String> recent = new ArrayDeque<>();
    }
}
