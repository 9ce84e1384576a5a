package io.actionwatch.sink.alerting;

import java.util.LinkedHashMap;
import java.util.Map;

/** The last {@code capacity} event ids seen for one camera, oldest forgotten first (bounded memory). */
final class RecentEventIds {

    private final Map<String, Boolean> ids;

    RecentEventIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        // Access order false: a redelivered id does not refresh its place, so memory stays strictly bounded by arrival.
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers the id; returns false when it was already remembered. */
    boolean add(String eventId) {
        return ids.putIfAbsent(eventId, Boolean.TRUE) == null;
    }
}
