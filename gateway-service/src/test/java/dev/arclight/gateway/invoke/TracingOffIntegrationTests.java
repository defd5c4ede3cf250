package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * With tracing off (the shipped default), no span is sampled: an unsampled span records nothing, so
 * a call pays for no span that nobody would export. The sampling follows the export switch through
 * application.yml; {@link InvokeTracingIntegrationTests} has it on.
 */
class TracingOffIntegrationTests extends InvokeIntegrationTest {

    @Test
    void withTracingOffNoSpanIsSampled() {
        assertThat(aNewSpanIsSampled()).isFalse();
    }
}
