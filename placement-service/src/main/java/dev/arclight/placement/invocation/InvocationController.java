package dev.arclight.placement.invocation;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import dev.arclight.placement.lambda.LambdaException.InvalidRequestContentException;
import dev.arclight.placement.lambda.LambdaException.RequestTooLargeException;
import dev.arclight.placement.tracing.RequestIdSpans;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lambda's Invoke ({@code POST /2015-03-31/functions/{name}/invocations}) as the gateway forwards
 * it, with the tenant in {@code X-Arclight-Tenant}. The 6 MB cap on the body is the registry's
 * request size filter; {@code Event} payloads are held to 1 MB here.
 */
@RestController
class InvocationController {

    static final String INVOCATION_TYPE = "X-Amz-Invocation-Type";
    static final String LOG_TYPE = "X-Amz-Log-Type";
    static final String LOG_RESULT = "X-Amz-Log-Result";
    static final String EXECUTED_VERSION = "X-Amz-Executed-Version";
    static final String FUNCTION_ERROR = "X-Amz-Function-Error";
    static final String REQUEST_ID = "x-amzn-RequestId";
    static final int MAX_EVENT_BYTES = 1024 * 1024;
    /** The request attribute holding the call's request id, so that error answers carry it too. */
    static final String REQUEST_ID_ATTRIBUTE = InvocationController.class.getName() + ".requestId";

    private final PlacementInvoker invoker;
    private final FunctionResolver resolver;
    private final FunctionArns arns;
    private final AsyncInvocations async;
    private final JsonMapper json;

    InvocationController(
            PlacementInvoker invoker,
            FunctionResolver resolver,
            FunctionArns arns,
            AsyncInvocations async,
            JsonMapper json) {
        this.invoker = invoker;
        this.resolver = resolver;
        this.arns = arns;
        this.async = async;
        this.json = json;
    }

    @PostMapping("/2015-03-31/functions/{functionName}/invocations")
    ResponseEntity<byte[]> invoke(
            Caller caller,
            @PathVariable String functionName,
            @RequestParam(name = "Qualifier", required = false) String qualifier,
            @RequestHeader(name = INVOCATION_TYPE, required = false) String invocationType,
            @RequestHeader(name = LOG_TYPE, required = false) String logType,
            @RequestHeader(name = InvocationHeaders.CLIENT_CONTEXT, required = false) String clientContext,
            @RequestBody(required = false) byte[] body,
            HttpServletRequest request) {
        var requestId = UUID.randomUUID().toString();
        request.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
        RequestIdSpans.tag(request, requestId);
        var type = invocationType == null || invocationType.isEmpty() ? "RequestResponse" : invocationType;
        boolean tail = tailLogs(logType);
        var reference = arns.parse(functionName, qualifier, caller);
        var payload = payload(body);
        ClientContexts.check(clientContext, json);
        var invocation = new Invocation(requestId, caller, reference, payload, tail, clientContext);
        return switch (type) {
            case "RequestResponse" -> respond(invocation, invoker.execute(invocation));
            case "DryRun" -> {
                resolver.resolve(invocation);
                yield ResponseEntity.status(HttpStatus.NO_CONTENT)
                        .header(REQUEST_ID, requestId)
                        .build();
            }
            case "Event" -> event(invocation, body);
            default ->
                throw new InvalidParameterValueException(
                        "Invalid " + INVOCATION_TYPE + ": " + type + " (RequestResponse, Event or DryRun)");
        };
    }

    private ResponseEntity<byte[]> respond(Invocation invocation, Execution execution) {
        var response = ResponseEntity.ok()
                .header(REQUEST_ID, invocation.requestId())
                .header(EXECUTED_VERSION, execution.outcome().executedVersion())
                .header(InvocationHeaders.START, execution.start().header())
                .contentType(MediaType.APPLICATION_JSON);
        if (invocation.tailLogs()) {
            response.header(LOG_RESULT, LogTail.base64(execution.outcome().logTail()));
        }
        var body = switch (execution.outcome()) {
            case InvocationOutcome.Succeeded succeeded -> succeeded.payload();
            case InvocationOutcome.FunctionFailed failed -> {
                response.header(FUNCTION_ERROR, failed.errorType());
                yield failed.errorJson();
            }
        };
        return response.body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code Event} calls go to the asynchronous path ({@code async} package). */
    private ResponseEntity<byte[]> event(Invocation invocation, byte[] body) {
        if (body != null && body.length > MAX_EVENT_BYTES) {
            throw new RequestTooLargeException(
                    "Request must be smaller than " + MAX_EVENT_BYTES + " bytes for the Event invocation type");
        }
        resolver.resolve(invocation);
        var requestId = async.accept(invocation);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(REQUEST_ID, requestId)
                .build();
    }

    private static boolean tailLogs(String logType) {
        if (logType == null || logType.isEmpty() || logType.equals("None")) {
            return false;
        }
        if (logType.equals("Tail")) {
            return true;
        }
        throw new InvalidParameterValueException("Invalid " + LOG_TYPE + ": " + logType + " (None or Tail)");
    }

    private String payload(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidRequestContentException(
                    "Could not parse request body into json: " + e.getOriginalMessage());
        }
        return new String(body, StandardCharsets.UTF_8);
    }
}
