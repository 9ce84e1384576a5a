package io.actionwatch.metrics;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsEndpointTest {

    @Test
    void servesTheRegistryOverHttpOnAFreePort() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("test", 0)) {
            endpoint.registry().counter("test.requests").increment(3);
            URI url = endpoint.url().orElseThrow();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("test_requests_total 3.0");
        }
    }

    @Test
    void aNegativePortServesNothingButStillCounts() {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("test", MetricsEndpoint.OFF)) {
            assertThat(endpoint.url()).isEmpty();
            endpoint.registry().counter("test.requests").increment();
            assertThat(endpoint.registry().scrape()).contains("test_requests_total 1.0");
        }
    }

    @Test
    void refusesANumberThatIsNoPort() {
        assertThatThrownBy(() -> MetricsEndpoint.start("test", 70000)).hasMessageContaining("70000");
    }
}
