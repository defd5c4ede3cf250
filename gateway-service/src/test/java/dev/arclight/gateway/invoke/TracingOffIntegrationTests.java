package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * With tracing off (the shipped default), no span is sampled: an unsampled span records nothing, so
 * a call pays for no span that nobody would export. The sampling follows the export switch through
 * application.yml; {@link InvokeTracingIntegrationTests} has it on.
 */
class TracingOffIntegrationTests extends InvokeIntegrationTest {

    @Autowired
    Tracer tracer;

    @Test
    void withTracingOffNoSpanIsSampled() {
        var span = tracer.nextSpan().start();
        try {
            assertThat(span.context().sampled()).isFalse();
        } finally {
            span.end();
        }
    }
}
