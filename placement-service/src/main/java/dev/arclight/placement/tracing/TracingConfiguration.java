package dev.arclight.placement.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link ClientTracing} on only when spans are exported ({@code management.tracing.export.enabled})
 * and a tracer is there: with export off, a traceparent would name spans nobody ever sees.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    ClientTracing clientTracing(
            @Value("${management.tracing.export.enabled:false}") boolean exported,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        var current = tracer.getIfAvailable();
        var headers = propagator.getIfAvailable();
        if (!exported || current == null || current == Tracer.NOOP || headers == null) {
            return ClientTracing.off();
        }
        return ClientTracing.on(current, headers);
    }
}
