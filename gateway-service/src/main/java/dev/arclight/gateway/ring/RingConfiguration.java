package dev.arclight.gateway.ring;

import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link ArcRouter} of this gateway; its members are set by the membership checks. */
@Configuration(proxyBeanMethods = false)
class RingConfiguration {

    @Bean
    ArcRouter arcRouter(RingProperties ring) {
        return new ArcRouter(
                ring.virtualNodes(), ring.callsPerInstance(), ring.loadFactor(), ThreadLocalRandom::current);
    }
}
