package dev.arclight.gateway.invoke;

import dev.arclight.contracts.tenant.TenantHeader;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Lambda's Invoke: {@code POST /2015-03-31/functions/{name}/invocations}, for every invocation type.
 * Annotated handlers are matched before the gateway's routes, so this takes invocations off the
 * control-API route to placement and sends each along its function's arc instead.
 */
@RestController
class InvokeController {

    private final InvocationDispatcher dispatcher;

    InvokeController(InvocationDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @PostMapping("/2015-03-31/functions/{name}/invocations")
    Mono<ResponseEntity<byte[]>> invoke(
            @PathVariable String name, @RequestHeader(TenantHeader.NAME) String tenant, ServerHttpRequest request) {
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
                .flatMap(body -> dispatcher.dispatch(new Invocation(
                        tenant,
                        FunctionNames.nameOf(name),
                        request.getURI().getRawPath(),
                        request.getURI().getRawQuery(),
                        request.getHeaders(),
                        body)));
    }
}
