package io.actionwatch.serde;

/**
 * The registry answered, and asking again will not change its answer: credentials refused (HTTP 401), a right
 * missing (403), a URL that is not a registry API (404 without a Confluent error code). Of kind
 * {@link PayloadErrorKind#REGISTRY_UNAVAILABLE}, as the registry is unusable to this client and the record itself
 * is not at fault (it must not be dead-lettered); a service that retries an unavailable registry should stop
 * instead, since only an operator can fix this.
 */
public class RegistryRefusedException extends PayloadException {

    public RegistryRefusedException(String message) {
        super(PayloadErrorKind.REGISTRY_UNAVAILABLE, message);
    }
}
