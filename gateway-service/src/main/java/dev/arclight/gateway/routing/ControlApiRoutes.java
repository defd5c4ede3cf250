package dev.arclight.gateway.routing;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lambda's control API ({@code /2015-03-31/functions...}) goes to placement-service, which owns the
 * function registry. Invocations get their own, hash-arc-routed path.
 */
@Configuration(proxyBeanMethods = false)
class ControlApiRoutes {

    @Bean
    RouteLocator controlApi(RouteLocatorBuilder routes, GatewayProperties gateway) {
        return routes.routes()
                .route(
                        "lambda-control-api",
                        route -> route.path("/2015-03-31/**", "/2016-08-19/**").uri(gateway.placementUrl()))
                .build();
    }
}
