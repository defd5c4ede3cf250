package dev.arclight.placement.async;

import dev.arclight.placement.invocation.AsyncInvocations;
import dev.arclight.placement.invocation.FunctionResolver;
import dev.arclight.placement.invocation.Invoker;
import dev.arclight.placement.lambda.FunctionArns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class AsyncConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AsyncConfiguration.class);

    @Bean
    AsyncInvocations asyncInvocations(
            KafkaTemplate<String, Object> kafka, FunctionArns arns, AsyncProperties properties, Clock clock) {
        return new KafkaAsyncInvocations(kafka, arns, properties, clock);
    }

    @Bean
    AsyncConsumers asyncConsumers(
            ObjectProvider<Invoker> invokers,
            FunctionResolver resolver,
            KafkaTemplate<String, Object> kafka,
            KafkaProperties kafkaProperties,
            AsyncProperties properties,
            Clock clock,
            JsonMapper json,
            MeterRegistry meters,
            ObjectProvider<ObservationRegistry> observations) {
        // Observed as Spring's own listeners are: spring.kafka.listener.observation-enabled, which
        // follows management.tracing.export.enabled.
        var registry = kafkaProperties.getListener().isObservationEnabled()
                ? observations.getIfAvailable(() -> ObservationRegistry.NOOP)
                : ObservationRegistry.NOOP;
        return new AsyncConsumers(
                invokers, resolver, kafka, kafkaProperties, properties, clock, json, meters, registry);
    }

    /**
     * Makes the consumers of asynchronous events. The Invoker is looked up when the consumer
     * starts, since without one (a placement that cannot run calls) there is nothing to consume for.
     */
    static final class AsyncConsumers implements SmartLifecycle {

        private final ObjectProvider<Invoker> invokers;
        private final FunctionResolver resolver;
        private final KafkaTemplate<String, Object> kafka;
        private final KafkaProperties kafkaProperties;
        private final AsyncProperties properties;
        private final Clock clock;
        private final JsonMapper json;
        private final MeterRegistry meters;
        private final ObservationRegistry observations;
        private volatile AsyncInvocationConsumer main;

        AsyncConsumers(
                ObjectProvider<Invoker> invokers,
                FunctionResolver resolver,
                KafkaTemplate<String, Object> kafka,
                KafkaProperties kafkaProperties,
                AsyncProperties properties,
                Clock clock,
                JsonMapper json,
                MeterRegistry meters,
                ObservationRegistry observations) {
            this.invokers = invokers;
            this.resolver = resolver;
            this.kafka = kafka;
            this.kafkaProperties = kafkaProperties;
            this.properties = properties;
            this.clock = clock;
            this.json = json;
            this.meters = meters;
            this.observations = observations;
        }

        /** A consumer in the shared group; {@code name} names its threads. Not started. */
        AsyncInvocationConsumer create(String name) {
            var invoker = invokers.getIfAvailable();
            if (invoker == null) {
                return null;
            }
            var runner = new AsyncEventRunner(
                    invoker,
                    resolver::callerOf,
                    new KafkaDeadLetters(kafka, properties),
                    properties,
                    duration -> Thread.sleep(duration),
                    clock,
                    json);
            return new AsyncInvocationConsumer(
                    name, kafkaProperties.buildConsumerProperties(), runner, properties, json, meters, observations);
        }

        /** This instance's consumer, or null when there is none (no Invoker). */
        AsyncInvocationConsumer main() {
            return main;
        }

        @Override
        public synchronized void start() {
            if (properties.consumers() == 0) {
                log.info("arclight.placement.async.consumers is 0: asynchronous invocations are not run here");
                return;
            }
            if (main == null) {
                main = create(
                        "async-invocations-" + UUID.randomUUID().toString().substring(0, 6));
                if (main == null) {
                    log.warn("No Invoker in this placement: asynchronous invocations are accepted but not run here");
                    return;
                }
            }
            main.start();
        }

        @Override
        public synchronized void stop() {
            if (main != null) {
                main.stop();
            }
        }

        @Override
        public boolean isRunning() {
            return main != null && main.isRunning();
        }
    }
}
