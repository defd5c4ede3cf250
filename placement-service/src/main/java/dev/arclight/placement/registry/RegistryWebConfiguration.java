package dev.arclight.placement.registry;

import dev.arclight.placement.lambda.CallerArgumentResolver;
import dev.arclight.placement.lambda.LambdaErrors;
import dev.arclight.placement.tenant.TenantDirectory;
import java.util.List;
import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires the registry's web pieces: the caller from the tenant header, and the body size caps. */
@Configuration(proxyBeanMethods = false)
class RegistryWebConfiguration implements WebMvcConfigurer {

    private final TenantDirectory tenants;

    RegistryWebConfiguration(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver(tenants));
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
            RegistryProperties properties, LambdaErrors errors) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimitFilter(properties, errors));
        // The API versions in Lambda's paths; each registry call lives under one of them.
        registration.addUrlPatterns("/2015-03-31/*", "/2016-08-19/*", "/2017-10-31/*", "/2019-09-30/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Tomcat's own error answers in Lambda's shape, for what it refuses before any filter runs. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> lambdaShapedTomcatErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(LambdaErrorReportValve.class.getName());
            }
        });
    }

    /**
     * Tomcat refuses an encoded {@code /} or {@code \} in a path with its own HTML page, before any
     * filter of ours runs. Passed through, they reach the handlers inside one path segment, where a
     * function name holding them fails Lambda's name rules with a 400 in Lambda's shape.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashesReachTheHandlers() {
        return connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        };
    }
}
