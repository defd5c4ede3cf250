package dev.arclight.worker.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit() {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimit());
        registration.addUrlPatterns("/vms/*", "/containers/*", "/vms", "/capacity");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
