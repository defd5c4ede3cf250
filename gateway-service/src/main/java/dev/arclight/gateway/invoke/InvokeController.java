package dev.arclight.gateway.invoke;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.contracts.invocation.InvocationSpans;
import dev.arclight.contracts.tenant.TenantHeader;
import io.micrometer.common.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lambda's Invoke: {@code POST /2015-03-31/functions/{name}/invocations}, for every invocation type.
 * Annotated handlers are matched before the gateway's routes, so this takes invocations off the
 * control-API route to placement and sends each along its function's arc instead.
 */
@RestController
class InvokeController {

    private static final Logger log = LoggerFactory.getLogger(InvokeController.class);
    private static final String REQUEST_ID = "x-amzn-RequestId";

    private final InvocationDispatcher dispatcher;
    private final JsonMapper json;

    InvokeController(InvocationDispatcher dispatcher, JsonMapper json) {
        this.dispatcher = dispatcher;
        this.json = json;
    }

    @PostMapping("/2015-03-31/functions/{name}/invocations")
    Mono<ResponseEntity<byte[]>> invoke(
            @PathVariable String name,
            @RequestHeader(TenantHeader.NAME) String tenant,
            ServerHttpRequest request,
            ServerWebExchange exchange) {
        return DataBufferUtils.join(request.getBody())
                .map(buffer -> {
                    try {
                        var bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                // Checked once the body is read, so the refusal never leaves a body unread behind it.
                .flatMap(body -> checkClientContext(request).then(Mono.just(body)))
                .flatMap(body -> dispatcher.dispatch(new Invocation(
                        tenant,
                        FunctionNames.nameOf(name),
                        request.getURI().getRawPath(),
                        request.getURI().getRawQuery(),
                        request.getHeaders(),
                        body)))
                .doOnNext(answer -> answered(name, exchange, answer));
    }

    /**
     * The request id placement gave the call, on this request's span (high cardinality: never a
     * metric tag), so the gateway's span is found by the id the caller sees; and one debug line per
     * call, which carries the trace id when tracing is on.
     */
    private static void answered(String name, ServerWebExchange exchange, ResponseEntity<byte[]> answer) {
        var requestId = answer.getHeaders().getFirst(REQUEST_ID);
        log.debug(
                "invocation {} of {} answered {} by {}",
                requestId,
                name,
                answer.getStatusCode().value(),
                answer.getHeaders().getFirst(InvocationHeaders.PLACEMENT_INSTANCE));
        if (requestId != null) {
            ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                    .ifPresent(context ->
                            context.addHighCardinalityKeyValue(KeyValue.of(InvocationSpans.REQUEST_ID, requestId)));
        }
    }

    private Mono<Void> checkClientContext(ServerHttpRequest request) {
        var problem = ClientContext.problem(request.getHeaders().getFirst(InvocationHeaders.CLIENT_CONTEXT), json);
        return problem == null ? Mono.empty() : Mono.error(problem.toException());
    }
}
