package io.actionwatch.sink.delivery;

/** Where an alert goes when a webhook could not get it: the sink's dead-letter topic. */
@FunctionalInterface
public interface DeliveryDeadLetters {

    /**
     * Records that {@code alert} was not delivered to {@code webhook}. Must not block for long: it is called from the
     * poll loop when a queue is full.
     */
    void write(WrittenAlert alert, String webhook, DeliveryErrorKind kind, String reason);
}
