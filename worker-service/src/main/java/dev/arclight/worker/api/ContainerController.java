package dev.arclight.worker.api;

import dev.arclight.contracts.invocation.InvocationSpans;
import dev.arclight.contracts.worker.ContainerView;
import dev.arclight.contracts.worker.InvokeContainerRequest;
import dev.arclight.contracts.worker.InvokeContainerResult;
import dev.arclight.worker.container.Containers;
import dev.arclight.worker.container.NoSuchContainerException;
import io.micrometer.common.KeyValue;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Invoking and stopping containers. */
@RestController
@RequestMapping("/containers")
class ContainerController {

    /** Lambda's limit for a synchronous invocation's payload. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    /** Lambda's limit for {@code X-Amz-Client-Context}, base64 included. */
    static final int MAX_CLIENT_CONTEXT_BYTES = 3583;

    private final Containers containers;
    private final JsonMapper json;

    ContainerController(Containers containers, JsonMapper json) {
        this.containers = containers;
        this.json = json;
    }

    @GetMapping("/{id}")
    ResponseEntity<ContainerView> get(@PathVariable String id) {
        var container = containers.find(id).orElseThrow(() -> new NoSuchContainerException(id));
        return ResponseEntity.ok()
                .header(WorkerViews.RUNTIME_START_HEADER, WorkerViews.runtimeStart(container))
                .body(WorkerViews.container(container));
    }

    /** Runs one invocation: 200 whether the function succeeded or failed, 409 if the container is busy. */
    @PostMapping("/{id}/invocations")
    InvokeContainerResult invoke(
            @PathVariable String id, @RequestBody InvokeContainerRequest request, HttpServletRequest http) {
        var payload = request.payload() != null ? request.payload() : "{}";
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new PayloadTooLargeException(MAX_PAYLOAD_BYTES);
        }
        try {
            json.readTree(payload);
        } catch (JacksonException e) {
            throw new BadRequestException(
                    BadRequestException.INVALID_CONTENT, "payload is not valid JSON: " + e.getOriginalMessage());
        }
        var requestId = request.requestId() != null
                ? request.requestId()
                : UUID.randomUUID().toString();
        // The span of this request names the invocation (high cardinality: never a metric tag).
        ServerHttpObservationFilter.findObservationContext(http)
                .ifPresent(context ->
                        context.addHighCardinalityKeyValue(KeyValue.of(InvocationSpans.REQUEST_ID, requestId)));
        var clientContext = clientContext(request.clientContext());
        return WorkerViews.outcome(containers.invoke(id, requestId, payload, clientContext));
    }

    /** Lambda's rules for {@code X-Amz-Client-Context}: base64 of a JSON object, at most 3583 bytes. */
    private String clientContext(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        if (encoded.length() > MAX_CLIENT_CONTEXT_BYTES) {
            throw new BadRequestException(
                    BadRequestException.INVALID_CONTENT,
                    "Client context must be at most " + MAX_CLIENT_CONTEXT_BYTES + " bytes");
        }
        try {
            if (json.readTree(Base64.getDecoder().decode(encoded)).isObject()) {
                return encoded;
            }
        } catch (IllegalArgumentException | JacksonException e) {
            // Not base64, or not JSON: the same answer as for any other bad client context.
        }
        throw new BadRequestException(
                BadRequestException.INVALID_CONTENT, "Client context must be a valid Base64-encoded JSON object");
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void stop(@PathVariable String id) {
        containers.stop(id);
    }

    /** The payload itself (not the request around it) is over Lambda's limit. */
    static class PayloadTooLargeException extends RuntimeException {
        PayloadTooLargeException(int limit) {
            super("the invocation payload exceeds Lambda's limit of " + limit + " bytes");
        }
    }
}
