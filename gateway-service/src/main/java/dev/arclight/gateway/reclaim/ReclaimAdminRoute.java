package dev.arclight.gateway.reclaim;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * {@code GET /admin/reclaim} goes to reclaim-service, which shows the caller's own resize
 * decisions. It is authenticated like every route ({@code TenantAuthenticationFilter} runs before
 * any route is chosen and sets the tenant header reclaim-service filters by), and only {@code GET}:
 * reclaim has nothing an API caller may change.
 */
@Configuration(proxyBeanMethods = false)
class ReclaimAdminRoute {

    static final String PATH = "/admin/reclaim";

    @Bean
    RouteLocator reclaimAdmin(RouteLocatorBuilder routes, ReclaimRouteProperties reclaim) {
        return routes.routes()
                .route(
                        "reclaim-admin",
                        route -> route.method(HttpMethod.GET).and().path(PATH).uri(reclaim.url()))
                .build();
    }
}
