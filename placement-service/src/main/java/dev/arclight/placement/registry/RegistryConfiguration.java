package dev.arclight.placement.registry;

import dev.arclight.placement.lambda.FunctionArns;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    FunctionArns functionArns(RegistryProperties properties) {
        return new FunctionArns(properties.region());
    }
}
