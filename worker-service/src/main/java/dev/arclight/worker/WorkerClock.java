package dev.arclight.worker;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WorkerClock {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
