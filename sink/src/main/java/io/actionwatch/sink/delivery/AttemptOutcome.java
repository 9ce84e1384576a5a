package io.actionwatch.sink.delivery;

/** What one HTTP attempt to deliver an alert tells the sender to do next. */
public enum AttemptOutcome {
    /** 2xx: the receiver has the alert. */
    DELIVERED,
    /** Worth trying again: 5xx, 408 (request timeout), 429 (too many requests), no answer or no connection. */
    RETRY,
    /** Trying again would get the same answer: any other status (4xx, and 1xx/3xx, which a webhook never means). */
    PERMANENT;

    /** The outcome of an answer with this HTTP status. */
    public static AttemptOutcome ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        if (status >= 500 || status == 408 || status == 429) {
            return RETRY;
        }
        return PERMANENT;
    }
}
