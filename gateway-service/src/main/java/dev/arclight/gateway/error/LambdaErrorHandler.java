package dev.arclight.gateway.error;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers every error the gateway raises itself, or meets on the way to placement, in Lambda's
 * shape, so the AWS SDKs and CLI show a typed exception instead of a parse failure.
 *
 * <p>Runs before Spring Boot's default handler (order -1), which would answer in Spring's shape.
 */
@Component
@Order(-2)
class LambdaErrorHandler implements ErrorWebExceptionHandler {

    static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    private static final Logger log = LoggerFactory.getLogger(LambdaErrorHandler.class);

    private final JsonMapper json;

    LambdaErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        var error = toLambdaError(failure);
        if (error.status().is5xxServerError()) {
            log.warn(
                    "{} {} answered {} {}: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error.status().value(),
                    error.type(),
                    failure.toString());
        }
        var body = json.writeValueAsBytes(new ErrorBody(error.fault(), error.message()));
        response.setStatusCode(error.status());
        response.getHeaders().set(ERROR_TYPE_HEADER, error.type());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    static LambdaError toLambdaError(Throwable failure) {
        if (failure instanceof LambdaErrorException lambda) {
            return lambda.error();
        }
        if (placementUnreachable(failure)) {
            return new LambdaError(
                    HttpStatus.BAD_GATEWAY, "ServiceException", "The function registry is unreachable; try again.");
        }
        if (failure instanceof ResponseStatusException status) {
            return fromStatus(HttpStatus.valueOf(status.getStatusCode().value()), status.getReason());
        }
        return new LambdaError(
                HttpStatus.INTERNAL_SERVER_ERROR, "ServiceException", "The gateway failed to handle the request.");
    }

    private static LambdaError fromStatus(HttpStatus status, @Nullable String reason) {
        return switch (status) {
            case NOT_FOUND, METHOD_NOT_ALLOWED ->
                new LambdaError(status, "UnknownOperationException", "Unknown operation.");
            case GATEWAY_TIMEOUT ->
                new LambdaError(status, "ServiceException", "The function registry did not answer in time.");
            default ->
                status.is5xxServerError()
                        ? new LambdaError(status, "ServiceException", "The gateway failed to handle the request.")
                        : new LambdaError(
                                status,
                                "InvalidRequestContentException",
                                reason == null ? status.getReasonPhrase() : reason);
        };
    }

    private static boolean placementUnreachable(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof PrematureCloseException
                    || cause instanceof TimeoutException && !(failure instanceof ResponseStatusException)) {
                return true;
            }
        }
        return false;
    }

    private record ErrorBody(
            @JsonProperty("Type") String type,
            @JsonProperty("message") String message) {}
}
