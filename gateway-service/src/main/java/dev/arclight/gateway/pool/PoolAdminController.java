package dev.arclight.gateway.pool;

import dev.arclight.contracts.pool.PoolView;
import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.gateway.error.LambdaError;
import dev.arclight.gateway.error.LambdaErrorException;
import io.netty.channel.ChannelOption;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * {@code GET /admin/pool}: the warm pool as pool-service sees it (its {@link PoolView}: sub-pools
 * with their targets and sizes, workers), authenticated like {@code /admin/ring}. A sub-pool
 * reserved for another tenant is left out, so that no tenant learns of another's reservations;
 * everything else passes as pool-service answered it.
 *
 * <p>A pool-service that cannot be reached is 503 {@code ServiceException} (try again); one that
 * fails, answers garbage or not within {@code arclight.gateway.pool.timeout} is 502.
 */
@RestController
class PoolAdminController {

    private final WebClient pool;
    private final PoolViewProperties properties;

    PoolAdminController(PoolViewProperties properties) {
        var client = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        properties.timeout().toMillis())
                .responseTimeout(properties.timeout());
        this.pool = WebClient.builder()
                .baseUrl(properties.url().toString())
                .clientConnector(new ReactorClientHttpConnector(client))
                .build();
        this.properties = properties;
    }

    @GetMapping(value = "/admin/pool", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<PoolView> pool(@RequestHeader(TenantHeader.NAME) String tenant) {
        return pool.get()
                .uri("/admin/pool")
                .retrieve()
                .bodyToMono(PoolView.class)
                .timeout(properties.timeout())
                .map(view -> new PoolView(
                        view.subPools().stream()
                                .filter(subPool -> subPool.tenant() == null
                                        || subPool.tenant().equals(tenant))
                                .toList(),
                        view.workers()))
                .onErrorMap(
                        failure -> !(failure instanceof LambdaErrorException),
                        failure -> toLambdaError(failure).toException());
    }

    private static LambdaError toLambdaError(Throwable failure) {
        if (failure instanceof WebClientRequestException) {
            return new LambdaError(
                    HttpStatus.SERVICE_UNAVAILABLE, "ServiceException", "The pool service is unreachable; try again.");
        }
        if (failure instanceof TimeoutException) {
            return new LambdaError(
                    HttpStatus.BAD_GATEWAY, "ServiceException", "The pool service did not answer in time.");
        }
        if (failure instanceof WebClientResponseException response) {
            return new LambdaError(
                    HttpStatus.BAD_GATEWAY,
                    "ServiceException",
                    "The pool service failed to answer ("
                            + response.getStatusCode().value() + ").");
        }
        return new LambdaError(
                HttpStatus.BAD_GATEWAY, "ServiceException", "The pool service gave an unreadable answer.");
    }
}
