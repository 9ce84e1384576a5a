package io.actionwatch.sink.delivery;

/**
 * Why an alert was not delivered to a webhook (the dead letter's errorKind). Dead letters carry this name, so it is
 * part of the contract: add new kinds at the end, never rename.
 */
public enum DeliveryErrorKind {
    /** The receiver answered with a 4xx other than 408 and 429: the request itself is refused, so it is not retried. */
    WEBHOOK_REJECTED,
    /** Every attempt failed with a retryable outcome (5xx, 408, 429, timeout, connection error). */
    WEBHOOK_RETRIES_EXHAUSTED,
    /** The webhook's queue was full (the receiver is slower than alerts are raised), so the alert was not queued. */
    WEBHOOK_QUEUE_FULL,
    /** The sink stopped before the alert was delivered and the close timeout ran out. */
    WEBHOOK_NOT_DELIVERED_AT_SHUTDOWN,
    /** No request could be made of the alert (its id is not a valid HTTP header value), so none was sent. */
    WEBHOOK_REQUEST_INVALID,
    /** The sink failed while delivering (a bug; the sink's log has the stack trace). */
    WEBHOOK_DELIVERY_ERROR
}
