package dev.arclight.placement.registry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * Lambda's model writes some paths with a trailing slash ({@code GET /2015-03-31/functions/} for
 * ListFunctions, {@code GET /2016-08-19/account-settings/}) and clients send them so, while Spring
 * MVC matches paths exactly: the filter serves the request as if the slash were not there, for
 * every path of the API.
 */
@Configuration(proxyBeanMethods = false)
class TrailingSlashConfiguration {

    @Bean
    FilterRegistrationBean<UrlHandlerFilter> trailingSlashFilter() {
        var filter = UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build();
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
