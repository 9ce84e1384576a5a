package io.actionwatch.inference.model;

import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionProvidersTest {

    @Test
    void cudaRequestedWithoutCudaFallsBackToCpu() {
        ExecutionProviders providers = new ExecutionProviders(EnumSet.of(OrtProvider.CPU));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            assertThat(providers.apply(List.of("cuda", "cpu"), options)).containsExactly("cpu");
            assertThat(providers.apply(List.of("tensorrt"), options)).containsExactly("cpu");
        }
    }

    @Test
    void unknownProviderIsAConfigurationError() {
        ExecutionProviders providers = new ExecutionProviders(EnumSet.of(OrtProvider.CPU));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            assertThatThrownBy(() -> providers.apply(List.of("quantum"), options))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantum");
        }
    }

    @Test
    void theCpuBuildOnTheClasspathOffersCpu() {
        assertThat(ExecutionProviders.ofRuntime().apply(List.of("cpu"), new OrtSession.SessionOptions()))
                .containsExactly("cpu");
    }

    @Test
    void batchesByTheProviderThatRunsTheModel() {
        assertThat(ExecutionProviders.preferredBatch(List.of("cpu"))).isEqualTo(1);
        assertThat(ExecutionProviders.preferredBatch(List.of("cuda", "cpu"))).isEqualTo(8);
        // cuda requested on a host without it: the CPU runs the model, so the CPU's batch applies.
        ExecutionProviders cpuOnly = new ExecutionProviders(EnumSet.of(OrtProvider.CPU));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            assertThat(ExecutionProviders.preferredBatch(cpuOnly.apply(List.of("cuda", "cpu"), options))).isEqualTo(1);
        }
    }
}
