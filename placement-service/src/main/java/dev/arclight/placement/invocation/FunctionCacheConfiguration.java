package dev.arclight.placement.invocation;

import dev.arclight.placement.registry.function.FunctionChanged;
import java.time.Clock;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class FunctionCacheConfiguration {

    @Bean
    ResolvedCache<FunctionResolver.Target> resolvedFunctions(FunctionCacheProperties properties, Clock clock) {
        return new ResolvedCache<>(clock, properties.ttl(), properties.maxEntries());
    }

    @Bean
    RegistryChangeFollower registryChangeFollower(
            KafkaProperties kafka, ResolvedCache<FunctionResolver.Target> cache, JsonMapper json) {
        return new RegistryChangeFollower(kafka.buildConsumerProperties(), cache, json);
    }

    @Bean
    LocalChanges localFunctionChanges(ResolvedCache<FunctionResolver.Target> cache) {
        return new LocalChanges(cache);
    }

    /**
     * This instance's own commits drop their entries at once, before the writer's response, so a
     * caller reads its own writes here without waiting for the topic.
     */
    static final class LocalChanges {

        private final ResolvedCache<?> cache;

        LocalChanges(ResolvedCache<?> cache) {
            this.cache = cache;
        }

        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
        void onCommit(FunctionChanged change) {
            if (change.snapshot() == null) {
                cache.dropped(change.functionArn());
            } else {
                cache.changed(change.functionArn(), change.snapshot().revision());
            }
        }
    }
}
