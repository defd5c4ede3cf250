package dev.arclight.placement.invocation;

import dev.arclight.placement.lambda.LambdaErrors;
import dev.arclight.placement.lambda.LambdaException;
import dev.arclight.placement.lambda.LambdaException.ServiceException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Lambda's error shape for every failure of an invocation, as the registry answers its own. */
@RestControllerAdvice(basePackageClasses = InvocationErrorAdvice.class)
class InvocationErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(InvocationErrorAdvice.class);

    private final LambdaErrors errors;

    InvocationErrorAdvice(LambdaErrors errors) {
        this.errors = errors;
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> lambda(LambdaException e, HttpServletRequest request) {
        return render(e, request);
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        // The request size limit trips while the body is read, and may arrive wrapped.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof LambdaException lambda) {
                return render(lambda, request);
            }
        }
        return render(new LambdaException.InvalidRequestContentException("Could not read the request body"), request);
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> unexpected(Exception e, HttpServletRequest request) {
        log.error("Invocation failed", e);
        return render(new ServiceException("Internal error"), request);
    }

    private ResponseEntity<LambdaErrors.Body> render(LambdaException e, HttpServletRequest request) {
        var answer = errors.render(e);
        if (!(request.getAttribute(InvocationController.REQUEST_ID_ATTRIBUTE) instanceof String requestId)) {
            return answer;
        }
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .header(InvocationController.REQUEST_ID, requestId)
                .body(answer.getBody());
    }
}
