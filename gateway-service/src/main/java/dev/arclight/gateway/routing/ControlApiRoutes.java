package dev.arclight.gateway.routing;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lambda's control API (functions, versions, aliases, account settings, concurrency) goes to
 * placement-service, which owns the function registry. Invoke ({@code POST .../invocations}) never
 * takes this route: the invoke package's handler, matched first, sends it along its function's arc.
 */
@Configuration(proxyBeanMethods = false)
class ControlApiRoutes {

    @Bean
    RouteLocator controlApi(RouteLocatorBuilder routes, GatewayProperties gateway) {
        return routes.routes()
                .route(
                        "lambda-control-api",
                        route -> route.path(LambdaApiPaths.patterns()).uri(gateway.placementUrl()))
                .build();
    }
}
